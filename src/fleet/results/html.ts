import { writeFileAtomic } from '../../record/atomic-write.ts'
import { contentSecurityPolicy } from '../../report/html/csp.ts'
import { jsonForScript } from '../../report/html/embed-json.ts'
import type { FleetResults } from './schema.ts'

/**
 * `executive-report.html`: one self-contained, offline page (no network, no
 * external files) with the fleet summary, a repository × provider heat map of
 * pass rate, the provider comparison (quality, latency, cost), the worst
 * cells, the failing cases, cells that did not run and the hosts. As
 * report.html: the data is a JSON block escaped for a script element
 * (embed-json.ts), drawn by the page's own script with `textContent` only, and
 * a strict CSP allows nothing but that script and style (by hash).
 */
export function executiveReportHtml(results: FleetResults): string {
  const csp = contentSecurityPolicy({ scripts: [SCRIPT], styles: [STYLE] })
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Fleet report</title>
<style>${STYLE}</style>
</head>
<body>
<header><h1 id="title"></h1><p id="subtitle"></p><p id="verdict"></p></header>
<section><h2>Fleet summary</h2><div id="summary" class="tiles"></div></section>
<section><h2>Pass rate: repository × provider</h2><div class="scroll"><table id="heatmap"></table></div></section>
<section><h2>Providers</h2><div class="scroll"><table id="providers"></table></div></section>
<section><h2>Worst cells</h2><div class="scroll"><table id="worst"></table></div></section>
<section><h2>Failing cases</h2><p id="failing-note"></p><div class="scroll"><table id="failing"></table></div></section>
<section><h2>Cells that did not run</h2><div class="scroll"><table id="not-run"></table></div></section>
<section><h2>Categories</h2><div class="scroll"><table id="categories"></table></div></section>
<section><h2>Hosts</h2><div class="scroll"><table id="hosts"></table></div></section>
<script type="application/json" id="fleet-data">${jsonForScript(results)}</script>
<script>${SCRIPT}</script>
</body>
</html>
`
}

export function writeExecutiveReport(file: string, results: FleetResults): void {
  writeFileAtomic(file, executiveReportHtml(results))
}

const STYLE = `
body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1200px;padding:16px;color:#1b1f24;background:#fff}
h1{font-size:22px;margin:0 0 4px;overflow-wrap:anywhere}h2{font-size:17px;margin:24px 0 8px}
.tiles{display:grid;grid-template-columns:repeat(auto-fill,minmax(170px,1fr));gap:8px}
.tile{border:1px solid #d0d7de;border-radius:6px;padding:8px}.tile .k{color:#57606a;font-size:12px}.tile .v{font-size:18px;font-weight:600}
.scroll{overflow-x:auto}table{border-collapse:collapse;font-size:13px}th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top;max-width:420px;overflow-wrap:anywhere}
th{background:#f6f8fa}td.num{text-align:right;font-variant-numeric:tabular-nums}
td.heat{text-align:center;min-width:64px;font-weight:600}td.none{background:#eee;color:#57606a}
.pass{color:#1a7f37}.fail{color:#cf222e}
@media (prefers-color-scheme:dark){body{background:#0d1117;color:#e6edf3}th{background:#161b22}th,td,.tile{border-color:#30363d}.tile .k{color:#8b949e}td.none{background:#21262d;color:#8b949e}}
`

const SCRIPT = `(function(){
var data=JSON.parse(document.getElementById('fleet-data').textContent);
function el(tag,text,cls){var e=document.createElement(tag);if(text!==undefined&&text!==null)e.textContent=String(text);if(cls)e.className=cls;return e}
function num(v,d){return v===null||v===undefined?'—':(typeof v==='number'?(Number.isInteger(v)?String(v):v.toFixed(d===undefined?1:d)):String(v))}
function pct(v){return v===null||v===undefined?'—':(v*100).toFixed(1)+'%'}
function usd(v,unknown){if(v===null)return unknown>0?'unknown':'—';return '$'+v.toFixed(4)+(unknown>0?' (+'+unknown+' unpriced)':'')}
function table(id,head,rows){var t=document.getElementById(id);var tr=el('tr');head.forEach(function(h){tr.appendChild(el('th',h))});t.appendChild(tr);
rows.forEach(function(r){var row=el('tr');r.forEach(function(c){var td=typeof c==='object'&&c!==null?el('td',c.t,c.c):el('td',c);row.appendChild(td)});t.appendChild(row)});
if(rows.length===0){var e=el('tr');var td=el('td','none');td.colSpan=head.length;e.appendChild(td);t.appendChild(e)}}
var s=data.summary;
document.getElementById('title').textContent='Fleet '+data.fleetId;
document.getElementById('subtitle').textContent='Run '+data.runId+' · manifest version '+data.manifestVersion+(data.startedAt?' · '+data.startedAt+' → '+data.endedAt:'');
var v=document.getElementById('verdict');
if(data.gates.pass===null)v.textContent='No fleet gate set.';else{v.textContent='Gates: '+(data.gates.pass?'passed':'FAILED')+' — '+data.gates.applied.map(function(g){return g.detail}).join('; ');v.className=data.gates.pass?'pass':'fail'}
var tiles=[['Repositories',s.totalRepositories],['Tests',s.totalTests],['Succeeded',s.totalSucceeded],['Failed',s.totalFailed],['Timeout',s.totalTimeout],['Skipped',s.totalSkipped],['Success rate',pct(s.successRate)],
['Avg duration',num(s.avgDurationMs)+' ms'],['p50 duration',num(s.p50DurationMs)+' ms'],['p95 duration',num(s.p95DurationMs)+' ms'],['p99 duration',num(s.p99DurationMs)+' ms'],['Min duration',num(s.minDurationMs)+' ms'],['Max duration',num(s.maxDurationMs)+' ms'],
['Total tokens',s.totalTokens],['Avg tokens / request',num(s.avgTokensPerRequest)],['Total cost',usd(s.totalCost,s.costUnknown)],['Avg cost / repository',s.avgCostPerRepository===null?'—':'$'+s.avgCostPerRepository.toFixed(4)],['Avg tests / repository',num(s.avgTestsPerRepository)],['Total duration',num(s.totalDurationMs,0)+' ms'],
['TTFT p50 / p95',num(s.ttftP50Ms)+' / '+num(s.ttftP95Ms)+' ms'],['TPOT p50 / p95',num(s.tpotP50Ms,2)+' / '+num(s.tpotP95Ms,2)+' ms'],['Output tokens/s',num(s.outputTokensPerSecond)],['Cells not run',s.cellsNotRun]];
var box=document.getElementById('summary');tiles.forEach(function(t){var d=el('div',null,'tile');d.appendChild(el('div',t[0],'k'));d.appendChild(el('div',t[1],'v'));box.appendChild(d)});
var repos=[],provs=[],grid={};data.grid.forEach(function(g){if(repos.indexOf(g.repoId)<0)repos.push(g.repoId);if(provs.indexOf(g.provider)<0)provs.push(g.provider);grid[g.repoId+'\\u0000'+g.provider]=g});
provs.sort();var hm=document.getElementById('heatmap');var hr=el('tr');hr.appendChild(el('th','repository'));provs.forEach(function(p){hr.appendChild(el('th',p))});hm.appendChild(hr);
repos.forEach(function(r){var tr=el('tr');tr.appendChild(el('th',r));provs.forEach(function(p){var g=grid[r+'\\u0000'+p];var td;
if(!g||g.successRate===null){td=el('td',g&&g.cellsNotRun>0?'not run':'—','heat none')}else{td=el('td',pct(g.successRate),'heat');var hue=Math.round(g.successRate*120);td.style.backgroundColor='hsl('+hue+',70%,'+(g.successRate<0.5?'80%':'75%')+')';td.style.color='#1b1f24'}
td.setAttribute('data-repo',r);td.setAttribute('data-provider',p);td.title=r+' × '+p+(g?': '+g.totalSucceeded+'/'+g.totalTests+' passed':'');tr.appendChild(td)});hm.appendChild(tr)});
table('providers',['provider','repositories','tests','success rate','mean score','p50 ms','p95 ms','TTFT p50 ms','tokens','cost'],data.byProvider.map(function(p){return [p.provider,{t:p.repositoryCount,c:'num'},{t:p.totalTests,c:'num'},{t:pct(p.successRate),c:'num'},{t:num(p.meanScore,3),c:'num'},{t:num(p.p50DurationMs),c:'num'},{t:num(p.p95DurationMs),c:'num'},{t:num(p.ttftP50Ms),c:'num'},{t:p.totalTokens,c:'num'},{t:usd(p.totalCost,p.costUnknown),c:'num'}]}));
var ran=data.cells.filter(function(c){return c.status==='ran'&&c.successRate!==null});ran.sort(function(a,b){return a.successRate-b.successRate});
table('worst',['repository','provider','scenario','tests','success rate','p50 ms'],ran.slice(0,10).map(function(c){return [c.repoId,c.provider,c.scenario,{t:c.totalTests,c:'num'},{t:pct(c.successRate),c:'num'},{t:num(c.p50DurationMs),c:'num'}]}));
document.getElementById('failing-note').textContent=data.failingCasesTotal+' failing case'+(data.failingCasesTotal===1?'':'s')+(data.failingCasesTotal>data.failingCases.length?' (first '+data.failingCases.length+' shown)':'');
table('failing',['repository','provider','scenario','dataset','case','status','why'],data.failingCases.map(function(f){return [f.repoId,f.provider,f.scenario,f.dataset,f.caseId,f.status,(f.errorClass?f.errorClass+': ':'')+(f.message||'')]}));
table('not-run',['repository','provider','scenario','why'],data.cells.filter(function(c){return c.status==='not-run'}).map(function(c){return [c.repoId,c.provider,c.scenario,c.failure||'']}));
table('categories',['category','tests','success rate','avg ms'],data.byCategory.map(function(c){return [c.category,{t:c.totalTests,c:'num'},{t:pct(c.successRate),c:'num'},{t:num(c.avgDurationMs),c:'num'}]}));
function gib(b){return b===null||b===undefined?'—':(b/1073741824).toFixed(1)+' GiB'}
table('hosts',['host','tests','CPU avg / peak','memory peak','GPUs','GPU util avg / peak','GPU memory peak'],data.hosts.map(function(h){var y=h.system;if(!y)return [h.host,{t:h.tests,c:'num'},'no samples','—','—','—','—'];return [h.host,{t:h.tests,c:'num'},{t:num(y.cpuPct.avg)+' / '+num(y.cpuPct.peak)+' %',c:'num'},{t:gib(y.memoryPeakBytes)+' of '+gib(y.memoryTotalBytes),c:'num'},y.gpus.length?y.gpus.map(function(g){return g.index+': '+g.name}).join(', '):(y.gpuUnavailable||'none'),{t:y.gpuUtilizationPct.samples?num(y.gpuUtilizationPct.avg)+' / '+num(y.gpuUtilizationPct.peak)+' %':'—',c:'num'},{t:y.gpuMemoryPeakMiB===null?'—':num(y.gpuMemoryPeakMiB,0)+' MiB',c:'num'}]}));
document.documentElement.setAttribute('data-ready','');
})();`
