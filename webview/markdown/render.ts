/**
 * Markdown tokens to (unsanitised) HTML with the panel's rules: raw HTML shown as text except a few
 * inline tags, remote images shown as links, task boxes as icons. Pure: runs under plain Node.
 */
import { Marked, type Token, type Tokens } from 'marked';
import { codeLanguage, escapeHtml, INLINE_TAGS, isAllowedImageSrc } from './policy';

const marked = new Marked({
  gfm: true,
  breaks: false,
  renderer: {
    code({ text, lang }: Tokens.Code): string {
      const language = codeLanguage(lang);
      const cls = language ? ` class="language-${language}"` : '';
      return `<pre><code${cls}>${escapeHtml(text.replace(/\n$/, ''))}</code></pre>\n`;
    },
    html(token: Tokens.HTML | Tokens.Tag): string {
      const text = token.text;
      const tag = /^<\/?([a-z][a-z0-9]*)\s*\/?>$/i.exec(text.trim())?.[1]?.toLowerCase();
      if (tag !== undefined && INLINE_TAGS.has(tag)) return text.trim();
      return token.block ? `<p>${escapeHtml(text.trim())}</p>\n` : escapeHtml(text);
    },
    image({ href, text, title }: Tokens.Image): string {
      const alt = escapeHtml(text || title || href);
      if (isAllowedImageSrc(href)) return `<img src="${escapeHtml(href)}" alt="${alt}">`;
      return `<a href="${escapeHtml(href)}" title="${escapeHtml(href)}"><span class="codicon codicon-file-media" aria-hidden="true"></span>${alt}</a>`;
    },
    checkbox({ checked }: Tokens.Checkbox): string {
      const icon = checked ? 'pass' : 'circle-large-outline';
      return `<span class="task-box codicon codicon-${icon}" role="img" aria-label="${checked ? 'done' : 'to do'}"></span> `;
    },
    link(this: { parser: { parseInline(tokens: Token[]): string } }, { href, title, tokens }: Tokens.Link): string {
      const label = this.parser.parseInline(tokens);
      return `<a href="${escapeHtml(href)}" title="${escapeHtml(title || href)}">${label}</a>`;
    },
  },
});

export function lexMarkdown(src: string): Token[] {
  return marked.lexer(src);
}

export function renderTokens(tokens: Token[]): string {
  return marked.parser(tokens);
}

/** Whole-text rendering, for short texts (thoughts, notices) and as the reference in tests. */
export function renderMarkdown(src: string): string {
  return renderTokens(lexMarkdown(src));
}
