/** The report's stylesheet: readable on screen and in print, no web fonts, no external files. */
export const STYLE = `
:root{--fg:#1d1d1f;--muted:#5f6368;--line:#d9d9de;--bg2:#f5f5f7;--down:#b00020;--up:#0a7d32}
*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,"Segoe UI","DejaVu Sans",sans-serif;margin:0;color:var(--fg);line-height:1.45}
main{max-width:1180px;margin:0 auto;padding:0 1.2rem 4rem}
header.top{background:#fafafa;border-bottom:1px solid var(--line);padding:1rem 1.2rem}
header.top h1{margin:0 auto;max-width:1180px;font-size:1.5rem}
header.top p{margin:.3rem auto 0;max-width:1180px;color:var(--muted)}
.sim-banner{position:sticky;top:0;z-index:10;background:#ffe066;border-bottom:3px solid #c9a227;text-align:center;font-weight:800;letter-spacing:.04em;padding:.45rem 1rem;font-size:1.05rem}
.notice{background:#fff3cd;border:2px solid #c9a227;padding:.6rem 1rem;font-weight:bold;border-radius:4px}
.notice.small{font-size:.85rem;padding:.3rem .6rem}
.warn{background:#fff4e5;border-left:4px solid #e8710a;padding:.4rem .8rem;margin:.4rem 0}
nav.toc{columns:2;font-size:.92rem;background:var(--bg2);padding:.6rem 1rem;border-radius:6px}
nav.toc a{color:#0b57d0;text-decoration:none}
h2{border-bottom:2px solid var(--line);padding-bottom:.2rem;margin-top:2.4rem}
h3{margin:1.4rem 0 .4rem}
table{border-collapse:collapse;margin:.5rem 0 1.2rem;font-size:.9rem}
th,td{border:1px solid var(--line);padding:.22rem .55rem;text-align:right;vertical-align:top}
th{background:var(--bg2);font-weight:600}
td.l,th.l{text-align:left}
.down{color:var(--down);font-weight:bold}.up{color:var(--up);font-weight:bold}.noisy{color:#8a6d00}.flat{color:var(--muted)}
.arrow{font-size:1.15rem}
.chart{overflow-x:auto;margin:.5rem 0}.chart svg{max-width:100%;height:auto}
code,pre{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:.82rem}
code{background:var(--bg2);padding:0 .2rem}
pre{white-space:pre-wrap;word-break:break-word;background:var(--bg2);padding:.5rem;border-radius:4px;max-height:28rem;overflow:auto;margin:.3rem 0}
details>summary{cursor:pointer;color:#0b57d0}
.muted{color:var(--muted);font-size:.88rem}
.flip{border:1px solid var(--line);border-radius:6px;margin:.6rem 0;padding:.4rem .6rem}
.sides{display:grid;grid-template-columns:1fr 1fr;gap:.8rem}
.sides h4{margin:.2rem 0}
.filters{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:end;background:var(--bg2);padding:.6rem;border-radius:6px}
.filters label{display:flex;flex-direction:column;font-size:.8rem;color:var(--muted)}
.filters select,.filters input{font-size:.9rem;padding:.15rem}
#sample-table{font-size:.8rem}#sample-table th,#sample-table td{padding:.18rem .4rem}
#sample-table td{text-align:left;max-width:16rem;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
#sample-table tr.sample-row{cursor:pointer}#sample-table tr.sample-row:hover{background:#eef3fd}
td.o-correct{color:var(--up)}td.o-wrong{color:var(--down)}td.o-truncated,td.o-unparsable{color:#8a6d00}
.pager{display:flex;gap:.8rem;align-items:center;margin:.4rem 0}
.table-scroll{overflow-x:auto}
#sample-table tr.detail-row>td{white-space:normal;max-width:none;background:#fbfbfd;padding:.2rem .6rem .6rem}
#sample-detail h3{margin:.4rem 0}
.error-banner{background:#fdecea;border:2px solid var(--down);border-radius:4px;padding:.6rem 1rem;margin:1rem 0}
.error-banner b{color:var(--down)}
.error-banner ul{margin:.3rem 0 .2rem;padding-left:1.2rem}
.error-banner code{word-break:break-word}
`;
