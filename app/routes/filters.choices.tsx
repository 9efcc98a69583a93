// The ledger's and the review page's filter choices (documents, units), loaded by the browser once
// per version: with ?v= matching the current version the answer is immutable and cached.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { requireUser } from "~/auth/auth.server";
import { db } from "~/db/db.server";
import { ledgerChoices, ledgerScope, unitChoiceLabel } from "~/models/task.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  // A reviewer chooses among what their unit supervises.
  const choices = ledgerChoices(db(), ledgerScope(db(), user));
  const current = new URL(request.url).searchParams.get("v") === choices.version;
  return json(
    {
      version: choices.version,
      documents: choices.documents.map((d) => ({ value: d.slug, label: d.title })),
      units: choices.units.map((u) => ({ value: u.id, label: unitChoiceLabel(u) })),
    },
    {
      headers: {
        "Cache-Control": current ? "private, max-age=31536000, immutable" : "private, no-cache",
      },
    },
  );
}
