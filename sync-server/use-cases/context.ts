// What every use-case receives: the store, the configuration, a logger and the clock.
import type { Logger } from "pino";
import type { Config } from "../config.ts";
import type { Role, Store } from "../store/store.ts";

export interface Deps {
  store: Store;
  config: Config;
  logger: Logger;
  now: () => Date;
}

/** The signed-in caller. */
export interface Actor {
  id: number;
  username: string;
  name: string;
  unit: string | null;
  role: Role;
  /** Set while an initial or reset password has not been changed (see http/auth.ts). */
  mustChangePassword?: boolean;
}
