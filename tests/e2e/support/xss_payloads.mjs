// The XSS corpus for tests/e2e/xss.test.mjs: strings in the style of the OWASP XSS filter evasion
// cheat sheet and the usual markdown and mutation (mXSS) tricks. Each one, if any part of it ever ran
// as script, would call the canary `__xss(ID)` with its own id, so a test can tell which one got
// through. `payloads()` numbers them from 1.
//
// No payload contains a NUL character (stores and servers may refuse those outright, which would
// test nothing), and none needs a network: `src=x` points at this origin.

/** `c` is the canary call for the payload, e.g. `__xss(12)`; `id` its number. */
const TEMPLATES = [
  // <script> in its many spellings
  (c) => `<script>${c}</script>`,
  (c) => `<SCRIPT>${c}</SCRIPT>`,
  (c) => `<ScRiPt>${c}</sCrIpT>`,
  (c) => `<script src=data:text/javascript,${c}></script>`,
  (c) => `<script/xss>${c}</script>`,
  (c) => `<<script>${c}//<</script>`,
  (c) => `<scr<script>ipt>${c}</scr</script>ipt>`,
  (c) => `</title><script>${c}</script>`,
  (c) => `</textarea><script>${c}</script>`,
  (c) => `</script><script>${c}</script>`,
  (c) => `<script type="module">${c}</script>`,
  (c) => `<script>/*</script><script>*/${c}</script>`,
  (c) => `"><script>${c}</script>`,
  (c) => `'><script>${c}</script>`,
  (c) => `\u0001<script>${c}</script>`,
  (c) => `\uFEFF<script>${c}</script>`,
  // event handlers
  (c) => `<img src=x onerror=${c}>`,
  (c) => `<img src=x onerror="${c}">`,
  (c) => `<IMG SRC=x OnErRoR=${c}>`,
  (c) => `<img/src=x/onerror=${c}>`,
  (c) => `<img src="x\n" onerror="${c}">`,
  (c) => `<img src=x onerror\n=${c}>`,
  (c) => `<img src=x onerror=&#95;&#95;xss&#40;${c.slice(6, -1)}&#41;>`,
  (c) => `<img """><script>${c}</script>">`,
  (c) => `<img src=javascript:${c}>`,
  (c) => `<image src=x onerror=${c}>`,
  (c) => `<svg onload=${c}>`,
  (c) => `<svg/onload=${c}>`,
  (c) => `<svg><script>${c}</script></svg>`,
  (c) => `<svg><animate onbegin=${c} attributeName=x dur=1s>`,
  (c) => `<svg><set attributeName=onmouseover to=${c}>`,
  (c) => `<svg><a xlink:href="javascript:${c}"><text x=20 y=20>XSS</text></a></svg>`,
  (c) => `<svg><foreignObject><iframe srcdoc="<script>parent.${c}</script>"></iframe></foreignObject></svg>`,
  (c) => `<body onload=${c}>`,
  (c) => `<details open ontoggle=${c}>`,
  (c) => `<video><source onerror=${c}></video>`,
  (c) => `<audio src=x onerror=${c}>`,
  (c) => `<input autofocus onfocus=${c}>`,
  (c) => `<select autofocus onfocus=${c}></select>`,
  (c) => `<textarea autofocus onfocus=${c}></textarea>`,
  (c) => `<marquee onstart=${c}>m</marquee>`,
  (c) => `<div onmouseover=${c}>hover</div>`,
  (c) => `<x contenteditable onblur=${c}>lose focus</x>`,
  (c) => `<xss onafterscriptexecute=${c}><script>1</script>`,
  (c) => `<isindex type=image src=1 onerror=${c}>`,
  (c) => `<table background="javascript:${c}"><tr><td>t</td></tr></table>`,
  (c) => `<template><img src=x onerror=${c}></template>`,
  (c) => `<noscript><img src=x onerror=${c}></noscript>`,
  (c) => `<noscript><p title="</noscript><img src=x onerror=${c}>">`,
  // frames, objects, forms
  (c) => `<iframe src="javascript:parent.${c}"></iframe>`,
  (c) => `<iframe srcdoc="<script>parent.${c}</script>"></iframe>`,
  (c) => `<iframe srcdoc="&lt;img src=x onerror=parent.${c}&gt;"></iframe>`,
  (c) => `<object data="javascript:${c}"></object>`,
  (c) => `<embed src="javascript:${c}">`,
  (c) => `<form action="javascript:${c}"><button>go</button></form>`,
  (c) => `<button formaction="javascript:${c}">go</button>`,
  (c) => `<meta http-equiv="refresh" content="0;url=javascript:${c}">`,
  (c) => `<base href="javascript:${c}//">`,
  (c) => `<link rel=stylesheet href="javascript:${c}">`,
  // links with script schemes
  (c) => `<a href="javascript:${c}">click</a>`,
  (c) => `<a href="JaVaScRiPt:${c}">click</a>`,
  (c) => `<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;${c}">click</a>`,
  (c) => `<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;${c}">click</a>`,
  (c) => `<a href="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058${c}">click</a>`,
  (c) => `<a href="jav&#x09;ascript:${c}">click</a>`,
  (c) => `<a href="jav\tascript:${c}">click</a>`,
  (c) => `<a href="jav&#x0A;ascript:${c}">click</a>`,
  (c) => `<a href=" &#14;  javascript:${c}">click</a>`,
  (c) => `<a href="javas&Tab;cript:${c}">click</a>`,
  (c) => `<a href=javascript&colon;${c}>click</a>`,
  (c) => `<a href="\u0001javascript:${c}">click</a>`,
  (c) => `<a href="java\u200Bscript:${c}">zero width</a>`,
  (c, id) => `<a href="data:text/html;base64,${b64(`<script>parent.__xss(${id})</script>`)}">click</a>`,
  (c) => `<a href="data:text/html,<script>parent.${c}</script>">click</a>`,
  (c) => `<a href="vbscript:${c}">click</a>`,
  // mutation XSS and parser differentials
  (c) => `<math><mtext><table><mglyph><style><img src=x onerror=${c}>`,
  (c) => `<math><mtext><table><mglyph><style><!--</style><img title="--&gt;&lt;/mglyph&gt;&lt;img&Tab;src=1&Tab;onerror=${c}&gt;">`,
  (c) => `<svg></p><style><a id="</style><img src=1 onerror=${c}>">`,
  (c) => `<form><math><mtext></form><form><mglyph><style></math><img src onerror=${c}>`,
  (c) => `<!--<img src="--><img src=x onerror=${c}//">`,
  (c) => `<!-- --!><img src=x onerror=${c}> -->`,
  (c) => `<![CDATA[><img src=x onerror=${c}>]]>`,
  (c) => `<?xml-stylesheet href="javascript:${c}"?>`,
  (c) => `<style>@import 'javascript:${c}';</style>`,
  (c) => `<style>*{background:url("javascript:${c}")}</style>`,
  (c) => `<div style="background:url(javascript:${c})">s</div>`,
  (c) => `<div style="width:expression(${c})">s</div>`,
  // attribute breakouts (for text that lands in attributes: aria-label, title, value)
  (c) => `"onmouseover="${c}`,
  (c) => `' onmouseover='${c}`,
  (c) => `" autofocus onfocus="${c}`,
  (c) => `"><img src=x onerror=${c}>`,
  (c) => `\\"><img src=x onerror=${c}>`,
  (c) => `</option></select><img src=x onerror=${c}>`,
  (c) => `"></title></style></textarea></script><svg onload=${c}>`,
  // markdown links, images, autolinks and references
  (c) => `[x](javascript:${c})`,
  (c) => `[x](JaVaScRiPt:${c})`,
  (c) => `[x](  javascript:${c})`,
  (c) => `[x](<javascript:${c}>)`,
  (c) => `[x](javascript:${c} "title")`,
  (c) => `[x](javascript&#58;${c})`,
  (c) => `[x](&#106;avascript:${c})`,
  (c) => `[x](java\u200Bscript:${c})`,
  (c) => `[x](javascript\uFF1A${c})`,
  (c) => `[x](\u0001javascript:${c})`,
  (c) => `[x](javascript://%0a${c})`,
  (c) => `[x](vbscript:${c})`,
  (c, id) => `[x](data:text/html;base64,${b64(`<script>parent.__xss(${id})</script>`)})`,
  (c) => `[x](data:text/html,<script>parent.${c}</script>)`,
  (c) => `[a](https://example.org/"onmouseover="${c})`,
  (c) => `[a](https://example.org/'onmouseover='${c})`,
  (c) => `[<img src=x onerror=${c}>](https://example.org)`,
  (c) => `[![x](x)](javascript:${c})`,
  (c) => `![x](x" onerror="${c})`,
  (c) => `![x](javascript:${c})`,
  (c) => `![<img src=x onerror=${c}>](x)`,
  (c) => `<javascript:${c}>`,
  (c) => `<JAVASCRIPT:${c}>`,
  (c) => `<data:text/html,<script>parent.${c}</script>>`,
  (c) => `<http://example.org/"onmouseover="${c}>`,
  (c) => `[x][r]\n\n[r]: javascript:${c}`,
  (c) => `[r]\n\n[r]: javascript:${c} "t"`,
  (c) => `[x][r]\n\n[r]: <javascript:${c}>`,
  // markdown blocks around raw HTML
  (c) => `**<img src=x onerror=${c}>**`,
  (c) => `_<svg onload=${c}>_`,
  (c) => `\`<img src=x onerror=${c}>\``,
  (c) => `\`\`\`"><img src=x onerror=${c}>\n<script>${c}</script>\n\`\`\``,
  (c) => `\`\`\`js" onmouseover="${c}\ncode\n\`\`\``,
  (c) => `    <script>${c}</script>`,
  (c) => `> <script>${c}</script>`,
  (c) => `- [ ] <img src=x onerror=${c}>`,
  (c) => `1. <svg onload=${c}>`,
  (c) => `| a | b |\n|---|---|\n| <script>${c}</script> | [x](javascript:${c}) |`,
  (c) => `# <svg onload=${c}>`,
  (c) => `\\<script>${c}\\</script>`,
  (c) => `&lt;script&gt;${c}&lt;/script&gt;`,
  (c) => `&#60;img src=x onerror=${c}&#62;`,
  (c) => `&#x3c;svg onload=${c}&#x3e;`,
  (c) => `[x](https://example.org/x) <img src=x onerror=${c}>`,
  (c) => `<div>\n\n<img src=x onerror=${c}>\n\n</div>`,
  // unicode look-alikes, invisible characters and direction overrides
  (c) => `\u202E<img src=x onerror=${c}>`,
  (c) => `\u202E>tpircs/<${c}>tpircs<`,
  (c) => `\uFF1Cscript\uFF1E${c}\uFF1C/script\uFF1E`,
  (c) => `\u00ABscript\u00BB${c}\u00AB/script\u00BB`,
  (c) => `<\u200Bscript>${c}</script>`,
  (c) => `\u2028<script>${c}</script>\u2029`,
  (c) => `%3Cscript%3E${c}%3C/script%3E`,
  (c) => `\\u003cscript\\u003e${c}\\u003c/script\\u003e`,
  // template and expression injection
  (c) => `{{constructor.constructor('${c}')()}}`,
  (c) => `{{$on.constructor('${c}')()}}`,
  (c) => `<div ng-app ng-csp>{{$eval.constructor('${c}')()}}</div>`,
  (c) => `\${${c}}`,
  (c) => `<%= ${c} %>`,
  (c) => `#{${c}}`,
  (c) => `{{${c}}}`,
  (c) => `javascript:${c}`,
  (c) => `data:text/html,<script>parent.${c}</script>`,
  // very long strings
  (c) => `${'A'.repeat(5000)}<img src=x onerror=${c}>`,
  (c) => `<script>${c}</script>`.repeat(200),
  (c) => `${'[x]('.repeat(300)}javascript:${c}${')'.repeat(300)}`,
  (c) => `${'*'.repeat(2000)}<img src=x onerror=${c}>${'_'.repeat(2000)}`,
];

function b64(text) {
  return Buffer.from(text, 'utf8').toString('base64');
}

/** The corpus: [{ id, text }], ids from 1. */
export function payloads() {
  return TEMPLATES.map((template, i) => {
    const id = i + 1;
    return { id, text: template(`__xss(${id})`, id) };
  });
}

/** At most `max` characters (code points), keeping the end, where the active part of the long ones is. */
export function fit(text, max) {
  const chars = Array.from(text);
  return chars.length <= max ? text : chars.slice(-max).join('');
}
