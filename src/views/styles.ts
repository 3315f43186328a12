/** The whole stylesheet, inlined in every page so a page arrives in one round trip. */
export const CSS = `
:root{color-scheme:light dark;--bg:#fff;--fg:#1a1a1a;--mut:#555;--acc:#0b57d0;--ok:#0a7a2f;--bad:#b3261e;--card:#f3f4f6;--line:#d0d4da}
@media (prefers-color-scheme:dark){:root{--bg:#121417;--fg:#eceff3;--mut:#aab1bb;--acc:#8ab4f8;--ok:#6dd58c;--bad:#f2b8b5;--card:#1e2227;--line:#3a4048}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:17px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
header,main,footer{max-width:40rem;margin:0 auto;padding:.75rem 1rem}
footer a{display:inline-flex;align-items:center}
header{display:flex;gap:.5rem;align-items:center;justify-content:space-between;border-bottom:1px solid var(--line)}
header nav{display:flex;gap:0;flex-wrap:wrap;justify-content:flex-end}header>a{white-space:nowrap}
a{color:var(--acc)}main a:not(.btn){display:inline-block;padding:.6rem 0}main li>a:not(.btn){display:block}
a,button,input,select,label.opt{min-height:44px}
header a,nav a{display:inline-flex;align-items:center;padding:0 .3rem}header nav{font-size:.95rem}
h1{font-size:1.4rem;line-height:1.25}h2{font-size:1.15rem}
.card{background:var(--card);border-radius:.6rem;padding:.75rem 1rem;margin:.75rem 0}
.mut{color:var(--mut)}.ok{color:var(--ok)}.bad{color:var(--bad)}
button,.btn{display:inline-flex;align-items:center;justify-content:center;min-width:44px;padding:.5rem 1rem;border:0;border-radius:.5rem;background:var(--acc);color:var(--bg);font:inherit;font-weight:600;text-decoration:none;cursor:pointer}
button.sec,.btn.sec{background:transparent;color:var(--acc);border:2px solid var(--acc)}
input[type=text],input:not([type]),input[type=number],input[type=datetime-local],select,textarea{width:100%;padding:.5rem;font:inherit;border:2px solid var(--line);border-radius:.4rem;background:var(--bg);color:var(--fg)}
fieldset{border:0;padding:0;margin:0}
legend{font-weight:600;margin-bottom:.5rem}
label.opt{display:flex;gap:.6rem;align-items:center;padding:.5rem .75rem;margin:.4rem 0;border:2px solid var(--line);border-radius:.5rem;cursor:pointer}
label.opt input{width:1.3rem;height:1.3rem;min-height:0;flex:none}
.row{display:flex;gap:.5rem;align-items:center;flex-wrap:wrap}
.grow{flex:1}
ol.ord{padding:0;list-style:none}ol.ord li{display:flex;gap:.5rem;align-items:center;padding:.25rem .5rem;margin:.4rem 0;border:2px solid var(--line);border-radius:.5rem}
progress{width:100%;height:.6rem}td progress{min-width:5rem}
blockquote{margin:.5rem 0;padding:.25rem .75rem;border-left:4px solid var(--acc)}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.35rem;border-bottom:1px solid var(--line)}td:last-child{white-space:nowrap}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
:target{background:color-mix(in srgb,var(--acc) 20%,transparent)}
:focus-visible{outline:3px solid var(--acc);outline-offset:2px}
@media (prefers-reduced-motion:reduce){*{transition:none!important;animation:none!important;scroll-behavior:auto!important}}
`
  .replace(/\n/g, "")
  .trim();
