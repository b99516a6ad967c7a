// A small Markdown subset rendered straight into DOM nodes. Every character of the source reaches the document
// through text nodes or textContent, and only the elements below are ever created, so HTML written by a model or a
// user is shown as text and never parsed: p, br, em, strong, code, pre, ul, ol, li, a (http and https only).

const FENCE = /^ {0,3}(`{3,}|~{3,})[ \t]*([\w+#.-]*)[ \t]*$/;
const LIST_ITEM = /^ {0,3}([-*+]|\d{1,9}[.)])[ \t]+(.*)$/;
const CONTINUATION = /^[ \t]+\S/;
const ESCAPABLE = /[\\`*_[\]()#+\-.!~>|{}]/;

/** The Markdown in `source` as a DocumentFragment. Renders a partial reply as well as a finished one. */
export function renderMarkdown(source, doc = document) {
  const fragment = doc.createDocumentFragment();
  for (const block of parseBlocks(source)) {
    fragment.append(renderBlock(block, doc));
  }
  return fragment;
}

/** Whether a link target is allowed: absolute http or https only, so no javascript:, data: or relative URL. */
function isSafeHref(href) {
  try {
    const url = new URL(href);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

function parseBlocks(source) {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const blocks = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    const fence = FENCE.exec(line);
    if (fence) {
      const body = [];
      i++;
      while (i < lines.length && !closesFence(lines[i], fence[1])) {
        body.push(lines[i]);
        i++;
      }
      i++;
      blocks.push({ type: 'code', language: fence[2], text: body.join('\n') });
    } else if (line.trim() === '') {
      i++;
    } else if (LIST_ITEM.test(line)) {
      const ordered = isOrdered(LIST_ITEM.exec(line)[1]);
      const items = [];
      while (i < lines.length) {
        const item = LIST_ITEM.exec(lines[i]);
        if (item && isOrdered(item[1]) === ordered) {
          items.push(item[2]);
        } else if (!item && items.length > 0 && CONTINUATION.test(lines[i]) && !FENCE.test(lines[i])) {
          items[items.length - 1] += `\n${lines[i].trim()}`;
        } else {
          break;
        }
        i++;
      }
      const start = ordered ? Number.parseInt(LIST_ITEM.exec(line)[1], 10) : 1;
      blocks.push({ type: ordered ? 'ol' : 'ul', start, items });
    } else {
      const paragraph = [];
      while (i < lines.length && lines[i].trim() !== '' && !FENCE.test(lines[i]) && !LIST_ITEM.test(lines[i])) {
        paragraph.push(lines[i]);
        i++;
      }
      blocks.push({ type: 'paragraph', text: paragraph.join('\n') });
    }
  }
  return blocks;
}

function closesFence(line, opening) {
  const trimmed = line.trim();
  return trimmed.length >= opening.length && trimmed[0] === opening[0] && [...trimmed].every((c) => c === opening[0]);
}

function isOrdered(marker) {
  return /\d/.test(marker);
}

function renderBlock(block, doc) {
  switch (block.type) {
    case 'code': {
      const pre = doc.createElement('pre');
      const code = doc.createElement('code');
      if (block.language) {
        code.dataset.language = block.language;
      }
      code.textContent = block.text;
      pre.append(code);
      return pre;
    }
    case 'ul':
    case 'ol': {
      const list = doc.createElement(block.type);
      if (block.type === 'ol' && block.start !== 1) {
        list.start = block.start;
      }
      for (const text of block.items) {
        const item = doc.createElement('li');
        appendInline(item, text, doc);
        list.append(item);
      }
      return list;
    }
    default: {
      const paragraph = doc.createElement('p');
      appendInline(paragraph, block.text, doc);
      return paragraph;
    }
  }
}

function appendInline(parent, text, doc) {
  let plain = '';
  const flush = () => {
    if (plain) {
      parent.append(doc.createTextNode(plain));
      plain = '';
    }
  };

  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '\\' && i + 1 < text.length && ESCAPABLE.test(text[i + 1])) {
      plain += text[i + 1];
      i += 2;
    } else if (c === '\n') {
      flush();
      parent.append(doc.createElement('br'));
      i++;
    } else if (c === '`') {
      const span = matchCodeSpan(text, i);
      if (span) {
        flush();
        const code = doc.createElement('code');
        code.textContent = span.content;
        parent.append(code);
        i = span.end;
      } else {
        const run = backtickRun(text, i);
        plain += text.slice(i, i + run);
        i += run;
      }
    } else if (c === '*' || c === '_') {
      const emphasis = matchEmphasis(text, i);
      if (emphasis) {
        flush();
        const element = doc.createElement(emphasis.strong ? 'strong' : 'em');
        appendInline(element, emphasis.content, doc);
        parent.append(element);
        i = emphasis.end;
      } else {
        plain += c;
        i++;
      }
    } else if (c === '[') {
      const link = matchLink(text, i);
      if (link) {
        flush();
        const anchor = doc.createElement('a');
        anchor.href = link.href;
        anchor.rel = 'noopener noreferrer nofollow';
        anchor.target = '_blank';
        appendInline(anchor, link.label, doc);
        parent.append(anchor);
        i = link.end;
      } else {
        plain += c;
        i++;
      }
    } else {
      plain += c;
      i++;
    }
  }
  flush();
}

function backtickRun(text, from) {
  let end = from;
  while (text[end] === '`') {
    end++;
  }
  return end - from;
}

function matchCodeSpan(text, from) {
  const run = backtickRun(text, from);
  const marker = '`'.repeat(run);
  let search = from + run;
  while (search < text.length) {
    const close = text.indexOf(marker, search);
    if (close < 0) {
      return null;
    }
    const closingRun = backtickRun(text, close);
    if (closingRun === run) {
      const inner = text.slice(from + run, close);
      const content = inner.length > 2 && inner.startsWith(' ') && inner.endsWith(' ') ? inner.slice(1, -1) : inner;
      return { content, end: close + run };
    }
    search = close + closingRun;
  }
  return null;
}

function matchEmphasis(text, from) {
  const c = text[from];
  const strong = text[from + 1] === c;
  const marker = strong ? c + c : c;
  const start = from + marker.length;
  // Underscores inside words (snake_case) and markers followed by a space are ordinary characters.
  if (c === '_' && isWordCharacter(text[from - 1])) {
    return null;
  }
  if (start >= text.length || /\s/.test(text[start])) {
    return null;
  }
  let close = text.indexOf(marker, start);
  while (close >= 0) {
    const beforeClose = text[close - 1];
    const afterClose = text[close + marker.length];
    const tooLong = !strong && afterClose === c;
    if (close > start && !/\s/.test(beforeClose) && !tooLong && !(c === '_' && isWordCharacter(afterClose))) {
      return { strong, content: text.slice(start, close), end: close + marker.length };
    }
    close = text.indexOf(marker, close + (tooLong ? 2 : 1));
  }
  return null;
}

function isWordCharacter(c) {
  return c !== undefined && /[\p{L}\p{N}_]/u.test(c);
}

function matchLink(text, from) {
  const labelEnd = text.indexOf(']', from + 1);
  if (labelEnd < 0 || text[labelEnd + 1] !== '(' || text.slice(from + 1, labelEnd).includes('[')) {
    return null;
  }
  const hrefEnd = text.indexOf(')', labelEnd + 2);
  if (hrefEnd < 0) {
    return null;
  }
  const href = text.slice(labelEnd + 2, hrefEnd).trim();
  const label = text.slice(from + 1, labelEnd);
  if (label.length === 0 || /\s/.test(href) || !isSafeHref(href)) {
    return null;
  }
  return { label, href, end: hrefEnd + 1 };
}
