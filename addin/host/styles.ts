// The sheet's look, the same in both hosts: the official table's font, light grey borders, and the
// reference column (last period's text) greyed out.
export const TABLE_FONT = "宋体";
export const BORDER_COLOUR = "#BFBFBF";
export const REFERENCE_COLOUR = "#7F7F7F";
