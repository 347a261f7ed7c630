/**
 * Completing while the suggest widget is open. VS Code then shows an inline completion only if it
 * extends the widget's selected item, so the text is completed as it would read with that item
 * accepted. This is also how ghost text still appears when the model answers late: VS Code's
 * default `editor.quickSuggestions` (`offWhenInlineCompletions`) waits 750 ms for inline
 * completions, then stops waiting, opens the suggest widget and asks again with its selected item.
 */

/** The document's text and the cursor's offset in it. */
export interface TextAtCursor {
  text: string;
  offset: number;
}

/** The suggest widget's selected item: the offsets it replaces and the text it inserts. */
export interface SelectedItem {
  start: number;
  end: number;
  text: string;
}

/** The text with `item` accepted, the cursor after it; undefined when the item is not at the cursor. */
export function withSelectedItem(at: TextAtCursor, item: SelectedItem): TextAtCursor | undefined {
  if (item.start > at.offset || item.end < at.offset || item.start > item.end) return undefined;
  return { text: at.text.slice(0, item.start) + item.text + at.text.slice(item.end), offset: item.start + item.text.length };
}
