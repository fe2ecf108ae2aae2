namespace LowLatencyFeed.Host.Api;

/// <summary>
/// <c>/api/reference</c>: a readable page built in the browser from <c>/openapi/v1.json</c>, so it can never disagree
/// with the document (no external scripts or styles).
/// </summary>
public static class ReferencePage
{
    /// <summary>The page.</summary>
    public const string Html = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>LowLatencyFeed API</title>
        <style>body{font:14px system-ui,sans-serif;max-width:960px;margin:2em auto;padding:0 1em}code{background:#f3f3f3;padding:0 .3em}
        h2{margin-top:2em;border-bottom:1px solid #ddd}table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.2em .5em;text-align:left}</style>
        </head><body><h1>LowLatencyFeed API</h1>
        <p>Generated from <a href="/openapi/v1.json">/openapi/v1.json</a>. Errors are <code>application/problem+json</code> with a
        <code>parameter</code> member naming the parameter at fault. Times: ISO 8601 or Unix milliseconds; <code>to</code> is exclusive.
        Add <code>format=csv</code> for a CSV file.</p><div id="paths">Loading…</div>
        <script>
        fetch('/openapi/v1.json').then(r => r.json()).then(doc => {
          const out = [];
          for (const [path, item] of Object.entries(doc.paths)) {
            for (const [method, op] of Object.entries(item)) {
              if (typeof op !== 'object' || !op.responses) continue;
              out.push(`<h2><code>${method.toUpperCase()} ${path}</code></h2><p>${op.summary ?? ''}</p>`);
              const ps = (op.parameters ?? []).map(p => `<tr><td><code>${p.name}</code></td><td>${p.in}</td><td>${p.required ? 'required' : ''}</td></tr>`);
              if (ps.length) out.push(`<table><tr><th>parameter</th><th>in</th><th></th></tr>${ps.join('')}</table>`);
              out.push(`<p>responses: ${Object.keys(op.responses).join(', ')}</p>`);
            }
          }
          document.getElementById('paths').innerHTML = out.join('');
        });
        </script></body></html>
        """;
}
