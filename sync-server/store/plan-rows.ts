// The nested plan rebuilt from its flat tables, the same for every dialect.
import type { StatusVocabulary } from "../../schema/index.ts";
import type { StoredPlan } from "./store.ts";

type Row = Record<string, unknown>;

/** Rebuilds the nested plan from its flat tables (shared shape for every dialect). */
export function assemblePlan(
  plan: Row,
  sections: Row[],
  subsections: Row[],
  tasks: Row[],
  units: Row[],
): StoredPlan {
  const unitsBySeq = new Map<number, string[]>();
  for (const u of units) {
    const list = unitsBySeq.get(u.seq as number) ?? [];
    list.push(u.unit as string);
    unitsBySeq.set(u.seq as number, list);
  }
  return {
    id: plan.id as number,
    title: plan.title as string,
    vocabulary: JSON.parse(plan.vocabulary as string) as StatusVocabulary,
    sections: sections.map((s) => ({
      no: s.no as string,
      title: s.title as string,
      subsections: subsections
        .filter((ss) => ss.section_position === s.position)
        .map((ss) => ({
          title: (ss.title as string | null) ?? null,
          items: tasks
            .filter((t) => t.section_position === s.position && t.subsection_position === ss.position)
            .map((t) => ({
              seq: t.seq as number,
              task: t.text as string,
              units: unitsBySeq.get(t.seq as number) ?? [],
            })),
        })),
    })),
  };
}
