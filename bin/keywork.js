#!/usr/bin/env node
// The `keywork` command. Sources are TypeScript; tsx compiles them on load, so there is no build step.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../sync-server/cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
