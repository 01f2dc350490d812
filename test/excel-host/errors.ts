// Errors as Excel reports them: OfficeExtension.Error with a code, Excel's English message,
// and debugInfo.errorLocation naming the API member that failed.

export const ErrorCodes = {
  accessDenied: "AccessDenied",
  apiNotFound: "ApiNotFound",
  generalException: "GeneralException",
  invalidArgument: "InvalidArgument",
  invalidObjectPath: "InvalidObjectPath",
  invalidOperation: "InvalidOperation",
  invalidReference: "InvalidReference",
  invalidRequestContext: "InvalidRequestContext",
  invalidSelection: "InvalidSelection",
  itemAlreadyExists: "ItemAlreadyExists",
  itemNotFound: "ItemNotFound",
  notImplemented: "NotImplemented",
  propertyNotLoaded: "PropertyNotLoaded",
  responsePayloadSizeLimitExceeded: "ResponsePayloadSizeLimitExceeded",
  runMustReturnPromise: "RunMustReturnPromise",
  valueNotLoaded: "ValueNotLoaded",
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

const MESSAGES: Record<ErrorCode, string> = {
  AccessDenied: "You cannot perform the requested operation.",
  ApiNotFound: "The API you are trying to use could not be found.",
  GeneralException: "There was an internal error while processing the request.",
  InvalidArgument: "The argument is invalid or missing or has an incorrect format.",
  InvalidObjectPath:
    "The object path isn't working for what you're trying to do. If you're using the object across multiple " +
    '"context.sync" calls and outside the sequential execution of a ".run" batch, please use the ' +
    '"context.trackedObjects.add()" and "context.trackedObjects.remove()" methods to manage the object\'s lifetime.',
  InvalidOperation: "The operation is invalid for the object.",
  InvalidReference: "This reference is not valid for the current operation.",
  InvalidRequestContext: "Cannot use the object across different request contexts.",
  InvalidSelection: "The current selection is invalid for this operation.",
  ItemAlreadyExists: "The resource being created already exists.",
  ItemNotFound: "The requested resource doesn't exist.",
  NotImplemented: "The requested feature isn't implemented.",
  PropertyNotLoaded:
    "The property is not available. Before reading the property's value, call the load method on the containing " +
    'object and call "context.sync()" on the associated request context.',
  ResponsePayloadSizeLimitExceeded: "The response payload size has exceeded the limit.",
  RunMustReturnPromise:
    'The batch function passed to the ".run" method didn\'t return a promise. The function must return a promise, ' +
    "so that any automatically-tracked objects can be released at the completion of the batch operation.",
  ValueNotLoaded:
    'The value of the result object has not been loaded yet. Before reading the value property, call "context.sync()" ' +
    "on the associated request context.",
};

export function defaultMessage(code: ErrorCode): string {
  return MESSAGES[code];
}

export interface DebugInfo {
  code: string;
  message: string;
  errorLocation?: string;
  statement?: string;
  /** Not in Excel: why the host refused, to make a failing test readable. */
  hostDetail?: string;
}

/** The class behind OfficeExtension.Error; `instanceof OfficeExtension.Error` works on it. */
export class OfficeExtensionError extends Error {
  readonly code: string;
  readonly debugInfo: DebugInfo;
  readonly traceMessages: string[] = [];
  readonly innerError: unknown = null;

  constructor(code: string, message: string, debugInfo?: Partial<DebugInfo>) {
    super(message);
    this.name = "RichApi.Error";
    this.code = code;
    this.debugInfo = { code, message, ...debugInfo };
  }
}

/**
 * A failure raised while a queued operation runs inside the host. The sync turns it into an
 * OfficeExtensionError; `location` overrides the operation's own location (e.g. the getItem
 * that created a proxy whose lookup fails later).
 */
export class HostFailure extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly detail?: string,
    readonly location?: string,
  ) {
    super(detail ? `${code}: ${detail}` : code);
  }
}

export function fail(code: ErrorCode, detail?: string): never {
  throw new HostFailure(code, detail);
}

export function officeError(code: ErrorCode, errorLocation: string, message = defaultMessage(code)) {
  return new OfficeExtensionError(code, message, { errorLocation });
}

/** The error a failed sync rejects with: Excel's message, plus the host's reason in debugInfo. */
export function errorFromFailure(failure: HostFailure, operationLocation: string): OfficeExtensionError {
  const errorLocation = failure.location ?? operationLocation;
  const message = defaultMessage(failure.code);
  return new OfficeExtensionError(failure.code, message, {
    errorLocation,
    ...(failure.detail ? { hostDetail: failure.detail } : {}),
  });
}

/** What a getter throws when its property was not loaded and synced (Excel names the property). */
export function propertyNotLoaded(property: string, typeName: string): OfficeExtensionError {
  const message = defaultMessage("PropertyNotLoaded").replace("The property", `The property '${property}'`);
  return officeError("PropertyNotLoaded", `${typeName}.${property}`, message);
}
