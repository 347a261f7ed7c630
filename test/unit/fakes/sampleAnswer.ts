/** A long Markdown answer for the streaming tests and the render-cost bench to feed the panel. Pure: runs under Node. */

const SECTION = `## Step NUM: the request path

The handler reads the body, checks the **session** and passes the request to \`OrderService\`.
Errors are mapped to status codes in one place, so a new error type needs a single change.

- \`src/http/handler.ts\` parses and validates the input
- \`src/orders/service.ts\` applies the business rules
  - totals are computed in cents to avoid rounding
  - discounts come from [the pricing table](src/pricing.ts)
- \`src/db/orders.ts\` writes the row in one transaction

| File | Lines | Role |
|---|---:|---|
| handler.ts | 120 | HTTP boundary |
| service.ts | 340 | rules |

\`\`\`ts
export async function placeOrder(input: OrderInput, db: Db): Promise<Order> {
  const total = input.items.reduce((sum, item) => sum + item.priceCents * item.quantity, 0);
  if (total <= 0) throw new ValidationError('An order needs at least one item');
  return db.transaction((tx) => tx.orders.insert({ ...input, total }));
}
\`\`\`

> The old path through \`legacyCheckout\` still exists and is only used by the admin tool.

`;

/** A Markdown answer of exactly `chars` characters, made of varied sections like a real one. */
export function sampleAnswer(chars: number): string {
  let text = '';
  for (let n = 1; text.length < chars; n++) text += SECTION.replace('NUM', String(n));
  return text.slice(0, chars);
}

/** The start of the section of the sample answer nearest to `chars`. */
export function sectionStart(chars: number): number {
  let at = 0;
  for (let n = 1; ; n++) {
    const next = at + SECTION.replace('NUM', String(n)).length;
    if (next >= chars) return next - chars < chars - at ? next : at;
    at = next;
  }
}
