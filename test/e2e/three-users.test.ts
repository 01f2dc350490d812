// The task pane end to end in Excel (the Excel stand-in): the scenarios are in three-users.ts.
import { describeThreeUsers } from "./three-users.ts";

describeThreeUsers("excel");
