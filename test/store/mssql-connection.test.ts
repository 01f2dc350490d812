// parseMssqlUrl: every option a DBA writes in DATABASE_URL, and errors that never echo the password.
import sql from "mssql";
import { Connection } from "tedious";
import { describe, expect, it } from "vitest";
import { openMssqlStore } from "../../sync-server/store/mssql/index.ts";
import {
  describeMssqlTarget,
  MssqlUrlError,
  parseMssqlUrl,
} from "../../sync-server/store/mssql/connection.ts";

const SECRET = "S3cr3t-Pässwörd";

/** The tedious configuration mssql builds from ours, checked by tedious's own constructor (no connection is opened). */
function tediousAccepts(url: string): void {
  const pool = new sql.ConnectionPool(parseMssqlUrl(url)) as unknown as {
    _config(): ConstructorParameters<typeof Connection>[0];
  };
  const connection = new Connection(pool._config());
  connection.removeAllListeners();
}

describe("parseMssqlUrl", () => {
  it("reads host, port, database, SQL login and the safe defaults", () => {
    expect(parseMssqlUrl("mssql://keywork_app:pw@db01.city.gov.cn:1433/keywork")).toEqual({
      server: "db01.city.gov.cn",
      port: 1433,
      database: "keywork",
      user: "keywork_app",
      password: "pw",
      connectionTimeout: 15_000,
      requestTimeout: 30_000,
      pool: { min: 0, max: 10, idleTimeoutMillis: 30_000 },
      options: {
        encrypt: true,
        trustServerCertificate: false,
        multiSubnetFailover: false,
        readOnlyIntent: false,
        appName: "keywork",
        useUTC: true,
        abortTransactionOnError: true,
        enableArithAbort: true,
      },
    });
    expect(parseMssqlUrl("mssql://u:p@db01/keywork").port).toBe(1433);
    tediousAccepts("mssql://u:p@db01/keywork");
  });

  it("decodes percent-encoded user names, passwords and database names", () => {
    const password = "p@ss:w/o#rd%?&=+ 中文";
    const config = parseMssqlUrl(
      `mssql://${encodeURIComponent("keywork@app")}:${encodeURIComponent(password)}@db01:1433/${encodeURIComponent("重点工作")}`,
    );
    expect(config.user).toBe("keywork@app");
    expect(config.password).toBe(password);
    expect(config.database).toBe("重点工作");
  });

  it("takes every connection option, with names in any case as in a .NET connection string", () => {
    const config = parseMssqlUrl(
      "mssql://u:p@ag-listener.city.gov.cn:1433/keywork?Encrypt=strict&TrustServerCertificate=True&MultiSubnetFailover=True" +
        "&ApplicationIntent=ReadOnly&connectTimeout=30000&requestTimeout=0&poolMin=2&poolMax=50&poolIdleTimeout=60000&appName=keywork-serve-1",
    );
    expect(config).toMatchObject({
      server: "ag-listener.city.gov.cn",
      connectionTimeout: 30_000,
      requestTimeout: 0,
      pool: { min: 2, max: 50, idleTimeoutMillis: 60_000 },
      options: {
        encrypt: "strict",
        trustServerCertificate: true,
        multiSubnetFailover: true,
        readOnlyIntent: true,
        appName: "keywork-serve-1",
      },
    });
    expect(parseMssqlUrl("mssql://u:p@h/d?encrypt=false").options?.encrypt).toBe(false);
    tediousAccepts("mssql://u:p@h:1433/d?encrypt=strict&multiSubnetFailover=true&applicationIntent=ReadOnly");
  });

  it("connects to a named instance through the Browser service, without a port", () => {
    const config = parseMssqlUrl("mssql://u:p@sqlhost/keywork?instanceName=SQLEXPRESS");
    expect(config.port).toBeUndefined();
    expect(config.options?.instanceName).toBe("SQLEXPRESS");
    tediousAccepts("mssql://u:p@sqlhost/keywork?instanceName=SQLEXPRESS");
    expect(describeMssqlTarget(config)).toBe("sqlhost\\SQLEXPRESS/keywork as u");
  });

  it("signs in with NTLM as DOMAIN\\user when a domain is given", () => {
    const config = parseMssqlUrl(
      `mssql://svc_keywork:${encodeURIComponent(SECRET)}@sqlhost:1433/keywork?domain=CITYGOV`,
    );
    expect(config).toMatchObject({ user: "svc_keywork", password: SECRET, domain: "CITYGOV" });
    const tedious = (
      new sql.ConnectionPool(config) as unknown as { _config(): { authentication: unknown } }
    )._config();
    expect(tedious.authentication).toEqual({
      type: "ntlm",
      options: { userName: "svc_keywork", password: SECRET, domain: "CITYGOV" },
    });
    expect(describeMssqlTarget(config)).toBe("sqlhost:1433/keywork as CITYGOV\\svc_keywork");
  });

  it("reads IPv6 addresses", () => {
    expect(parseMssqlUrl("mssql://u:p@[::1]:1433/keywork").server).toBe("::1");
  });

  const bad: [string, string, RegExp][] = [
    ["a URL of another scheme", `sqlserver://u:${SECRET}@h/d`, /must start with mssql:\/\//u],
    ["a malformed URL", `mssql://u:${SECRET}@h:99999999/d`, /not a well-formed URL/u],
    ["an unencoded # in the password", `mssql://u:S3cr3t#x@h/d`, /%23/u],
    ["an unencoded / in the password", `mssql://u:S3cr3t/x@h/d`, /well-formed|path|port|host/u],
    [
      "a broken percent-encoding in the password",
      `mssql://u:S3cr3t%zz@h/d`,
      /password is not valid percent-encoding/u,
    ],
    ["no password", "mssql://u@h/d", /password is missing/u],
    ["no user", `mssql://:${SECRET}@h/d`, /user name is missing/u],
    ["no database", `mssql://u:${SECRET}@h:1433`, /exactly one database name/u],
    ["a database path with two parts", `mssql://u:${SECRET}@h/inst/d`, /exactly one database name/u],
    ["a port of 0", `mssql://u:${SECRET}@h:0/d`, /port must be 1–65535/u],
    ["an unknown option", `mssql://u:${SECRET}@h/d?encypt=true`, /unknown option "encypt"/u],
    ["the password as an option", `mssql://u:x@h/d?password=${SECRET}`, /unknown option "password"/u],
    ["an option twice", `mssql://u:${SECRET}@h/d?encrypt=true&Encrypt=false`, /"encrypt" is given twice/u],
    [
      "a boolean that is not one",
      `mssql://u:${SECRET}@h/d?trustServerCertificate=maybe`,
      /option "trustServerCertificate"/u,
    ],
    [
      "an encrypt value that is not one",
      `mssql://u:${SECRET}@h/d?encrypt=always`,
      /option "encrypt" must be true, false or strict/u,
    ],
    [
      "a timeout that is not a number",
      `mssql://u:${SECRET}@h/d?requestTimeout=10s`,
      /option "requestTimeout" must be a whole number/u,
    ],
    ["a pool of 0", `mssql://u:${SECRET}@h/d?poolMax=0`, /option "poolMax" must be at least 1/u],
    ["poolMin above poolMax", `mssql://u:${SECRET}@h/d?poolMin=20&poolMax=10`, /poolMin/u],
    ["a bad application intent", `mssql://u:${SECRET}@h/d?applicationIntent=Read`, /ReadWrite or ReadOnly/u],
    [
      "an instance name and a port",
      `mssql://u:${SECRET}@h:1433/d?instanceName=SQLEXPRESS`,
      /either a port or an instanceName/u,
    ],
    ["an instance name that is not one", `mssql://u:${SECRET}@h/d?instanceName=a\\b`, /instance name/u],
  ];

  it.each(bad)("refuses %s with a clear error that does not echo the password", (_what, url, message) => {
    let error: unknown;
    try {
      parseMssqlUrl(url);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MssqlUrlError);
    const text = String((error as Error).message);
    expect(text).toMatch(message);
    expect(text).toMatch(/^invalid SQL Server DATABASE_URL: /u);
    expect(text).not.toContain("S3cr3t");
    expect(text).not.toContain(encodeURIComponent(SECRET));
    expect((error as Error).cause).toBeUndefined();
  });

  it("opening a store where no server listens fails at once, naming the target but not the password", async () => {
    // Port 1 on the loopback refuses the connection: a real connection attempt, no server needed.
    const opening = openMssqlStore(
      `mssql://keywork_app:${encodeURIComponent(SECRET)}@127.0.0.1:1/keywork?connectTimeout=3000&encrypt=false`,
    );
    await expect(opening).rejects.toThrow(
      /^could not connect to SQL Server 127\.0\.0\.1:1\/keywork as keywork_app \[ESOCKET\]/u,
    );
    const message = String(await opening.catch((e: Error) => e.message));
    expect(message).not.toContain("S3cr3t");
  });
});
