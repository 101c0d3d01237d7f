// Reads vCards on stdin with ical.js and prints each card's properties as JSON:
// [{"note": [["value"]], "n": [[["family"], ["given"], ...]], ...}, ...]
import ICAL from "ical.js";
import { readFileSync } from "node:fs";

const parsed = ICAL.parse(readFileSync(0, "utf8"));
// One card parses to a jCard; several to a list of them.
const jcards = typeof parsed[0] === "string" ? [parsed] : parsed;
const cards = jcards.map((jcard) => {
  const card = {};
  for (const prop of new ICAL.Component(jcard).getAllProperties()) {
    (card[prop.name] ??= []).push(prop.getValues());
  }
  return card;
});
process.stdout.write(JSON.stringify(cards));
