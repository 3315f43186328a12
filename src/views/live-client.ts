/**
 * The live pages' script, inlined with the CSP nonce. Without it the pages refresh themselves
 * and every control and answer is a plain form post. With it: the room's socket pushes each
 * change (the page's main part is fetched again once per change), the countdown ticks, answers
 * and host commands go over the socket, the host has keyboard shortcuts, and a dropped socket
 * reconnects with backoff (the server restores the player, their answer and the phase).
 */
export const LIVE_JS = `(()=>{
const d=document,$=(s)=>d.querySelector(s);
const login=$("form[data-host-login]"),k=/[#&]key=([A-Za-z0-9_-]+)/.exec(location.hash);
if(login&&k){history.replaceState(null,"",location.pathname);login.key.value=k[1];login.submit();return}
const root=()=>$("[data-live]");let r=root();if(!r||!window.WebSocket)return;
const host=r.dataset.live==="host",code=r.dataset.code;let ws,skew=0,tries=0,quiet=true,pending;
const say=(m)=>{const s=$("#live-status");if(s)s.textContent=m};
const reload=()=>{clearTimeout(pending);pending=setTimeout(async()=>{try{const res=await fetch(location.pathname,{credentials:"same-origin"});const doc=new DOMParser().parseFromString(await res.text(),"text/html");const n=doc.querySelector("main");if(n){$("main").replaceWith(n);r=root()}}catch{say("…")}},40)};
const send=(m)=>{if(ws&&ws.readyState===1){ws.send(JSON.stringify(m));return true}return false};
function open(){
  ws=new WebSocket((location.protocol==="https:"?"wss://":"ws://")+location.host+"/api/live/"+code+"/socket"+(host?"?as=host":""));
  ws.onopen=()=>{tries=0;quiet=true;setTimeout(()=>{quiet=false},400)};
  ws.onmessage=(e)=>{const m=JSON.parse(e.data);if(m.now)skew=m.now-Date.now();
    if(m.type==="answered"){const a=$("[data-answered]");if(a)a.textContent=m.count;return}
    if(m.type==="error"){say(m.detail);const b=$("form[data-live-answer] button[type=submit]");if(b)b.disabled=false;return}
    if(quiet&&m.type!=="ack")return;reload()};
  ws.onclose=(e)=>{if(e.code===4003||e.code===1000&&e.reason==="Room closed"){reload();return}setTimeout(open,Math.min(8000,400*2**tries++))};
}
open();
setInterval(()=>{const t=$("[data-ends]");if(t&&t.dataset.ends)t.textContent=Math.max(0,Math.ceil((+t.dataset.ends-Date.now()-skew)/1000))},250);
d.addEventListener("submit",(e)=>{const f=e.target;
  if(f.matches("form[data-live-answer]")){const fields={};for(const[n,v]of new FormData(f,e.submitter)){if(n==="questionId"||n==="move")continue;fields[n]=n in fields?[].concat(fields[n],v):(n==="choices"||n==="order"?[v]:v)}
    if(e.submitter&&e.submitter.name==="move")return;
    if(send({type:"answer",questionId:f.questionId.value,fields})){e.preventDefault();const b=f.querySelector("button[type=submit]:not([name=move])");if(b)b.disabled=true}return}
  if(f.matches("form[data-cmd]")){const m={type:f.dataset.cmd};if(f.playerId)m.playerId=f.playerId.value;if(send(m))e.preventDefault()}});
d.addEventListener("click",(e)=>{const b=e.target.closest("button[name=move]");if(!b)return;e.preventDefault();
  const li=b.closest("li"),ol=li.parentElement;
  if(b.value.endsWith(":up")&&li.previousElementSibling)ol.insertBefore(li,li.previousElementSibling);
  else if(b.value.endsWith(":down")&&li.nextElementSibling)ol.insertBefore(li.nextElementSibling,li);
  [...ol.children].forEach((x,i,all)=>{const[u,dn]=x.querySelectorAll("button");u.value=i+":up";dn.value=i+":down";u.disabled=i===0;dn.disabled=i===all.length-1});b.focus()});
if(host)d.addEventListener("keydown",(e)=>{if(e.target.closest&&e.target.closest("input,select,textarea,button"))return;const p=r.dataset.phase;
  if(e.key===" "||e.key==="ArrowRight"){e.preventDefault();send({type:p==="lobby"?"start":p==="question"?"skip":"next"})}
  else if(e.key==="p"||e.key==="P")send({type:r.dataset.paused?"resume":"pause"});
  else if(e.key==="f"||e.key==="F"){d.fullscreenElement?d.exitFullscreen():d.documentElement.requestFullscreen().catch(()=>{})}});
})();`;
