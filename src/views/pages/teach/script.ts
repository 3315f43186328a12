/** Fills tz offsets in forms and shows times in the teacher's zone; polls the roster. */
export const TEACH_JS = `(()=>{
const d=document;
if(/^#key=/.test(location.hash))history.replaceState(null,"",location.pathname+location.search);
for(const i of d.querySelectorAll("input[name=tzOffset]"))i.value=String(new Date().getTimezoneOffset());
const local=()=>{for(const t of d.querySelectorAll("time[data-local]"))t.textContent=new Date(t.getAttribute("datetime")).toLocaleString(d.documentElement.lang,{dateStyle:"medium",timeStyle:"short"})};
local();
const r=d.getElementById("roster");
if(r&&r.dataset.poll){setInterval(async()=>{
  try{const res=await fetch(r.dataset.poll,{credentials:"same-origin"});if(!res.ok)return;
  const doc=new DOMParser().parseFromString(await res.text(),"text/html");const next=doc.getElementById("roster");
  if(next){r.replaceChildren(...next.childNodes);local()}}catch{}
},15000)}
})();`;
