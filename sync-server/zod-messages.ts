// zod's own messages (a field missing, a number too big, an unknown key …) reach people in the API's
// problem details and in the CLI's errors: Chinese first, then English, like every other message.
// Set once for the process, on import; a schema's own message, where it gives one, stays as written
// (and is written in both languages).
import { z } from "zod";

const chinese = z.locales.zhCN().localeError;
const english = z.locales.en().localeError;

type Answer = ReturnType<typeof english>;
const text = (answer: Answer): string => (typeof answer === "string" ? answer : (answer?.message ?? ""));

z.config({
  localeError: (issue) => {
    const zh = text(chinese(issue));
    const en = text(english(issue));
    return zh && en && zh !== en ? `${zh} / ${en}` : zh || en;
  },
});
