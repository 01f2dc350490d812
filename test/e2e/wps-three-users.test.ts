// The same scenarios in WPS 表格: the WPS add-in's task pane, built into dist/wps and served at /wps/ by a
// real `keywork serve`, on the WPS stand-in (Application, wps) in Chromium. Screenshots in test-artifacts/wps/.
import { describeThreeUsers } from "./three-users.ts";

describeThreeUsers("wps");
