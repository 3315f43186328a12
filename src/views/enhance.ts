/**
 * Progressive enhancement for the quiz pages, inlined with the CSP nonce. Without it every form
 * still posts and redirects. With it: no full reload between questions (answer forms and the
 * "next" link), a retry with backoff when the network drops (answers are idempotent on the
 * server), and ordering moves without a round trip.
 */
export const ENHANCE_JS = `(()=>{
const d=document,live=d.getElementById("live");
const say=(m)=>{if(live)live.textContent=m};
const wait=(ms)=>new Promise((r)=>setTimeout(r,ms));
async function retry(url,init,offline){
  for(let i=0;;i++){
    try{
      const r=await fetch(url,{credentials:"same-origin",...init});
      if(r.status>=500&&i<5)throw new Error("retry");
      return r;
    }catch(e){
      if(i>=5)throw e;
      say(offline||"…");
      await wait(1000*2**i);
    }
  }
}
const send=(form,submitter)=>retry(form.action,{method:"POST",body:new URLSearchParams(new FormData(form,submitter)),headers:{"content-type":"application/x-www-form-urlencoded"}},form.dataset.offline);
async function swap(r,push){
  const doc=new DOMParser().parseFromString(await r.text(),"text/html");
  const main=doc.querySelector("main");if(!main){location.href=r.url;return}
  d.querySelector("main").replaceWith(main);d.title=doc.title;
  if(push&&r.url!==location.href)history.pushState(null,"",r.url);
  say("");const h=main.querySelector("h1,h2");if(h){h.tabIndex=-1;h.focus()}
}
d.addEventListener("click",(e)=>{
  const a=e.target.closest("main a[href^='/attempts/']");
  if(a&&!e.defaultPrevented&&e.button===0&&!e.ctrlKey&&!e.metaKey&&!e.shiftKey&&!e.altKey){
    e.preventDefault();
    retry(a.href,{},d.querySelector("[data-offline]")?.dataset.offline).then((r)=>swap(r,true),()=>{location.href=a.href});
    return;
  }
  const b=e.target.closest("button[name=move]");if(!b)return;
  e.preventDefault();
  const li=b.closest("li"),ol=li.parentElement;
  if(b.value.endsWith(":up")&&li.previousElementSibling)ol.insertBefore(li,li.previousElementSibling);
  else if(b.value.endsWith(":down")&&li.nextElementSibling)ol.insertBefore(li.nextElementSibling,li);
  [...ol.children].forEach((x,i,all)=>{const[u,dn]=x.querySelectorAll("button");u.value=i+":up";dn.value=i+":down";u.disabled=i===0;dn.disabled=i===all.length-1});
  b.disabled?li.querySelector("button:not([disabled])")?.focus():b.focus();
});
d.addEventListener("submit",async(e)=>{
  const form=e.target;if(!form.matches("form[data-enhance]"))return;
  e.preventDefault();
  const btn=form.querySelector("button[type=submit]:not([name=move])");if(btn)btn.disabled=true;
  try{await swap(await send(form,e.submitter),true)}catch{if(btn)btn.disabled=false;say(form.dataset.offline||"")}
});
addEventListener("popstate",()=>location.reload());
})();`;
