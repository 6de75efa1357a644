using System.Net;

namespace FastDays.Serve;

/// <summary>The one page a person uses: an upload, a row's fields or a text box, depending on the model, and the prediction with its probabilities.
/// </summary>
internal static class ServePage
{
    /// <summary>The page for a model.</summary>
    public static string Html(ServedModel model)
    {
        var form = model.Kind switch
        {
            ServedKind.Image => """<input type="file" id="file" name="file" accept="image/*">""",
            ServedKind.Tabular => string.Join("\n", model.Columns.Select(c =>
                $"""<label>{WebUtility.HtmlEncode(c)} <input class="column" name="{WebUtility.HtmlEncode(c)}"></label><br>""")),
            _ => """<textarea id="text" rows="8" cols="80"></textarea>""",
        };
        return $$"""
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><title>FastDays: {{WebUtility.HtmlEncode(Path.GetFileName(model.Path))}}</title></head>
            <body>
            <h1>{{WebUtility.HtmlEncode(Path.GetFileName(model.Path))}}</h1>
            <form id="form">
            {{form}}
            <button type="submit" id="predict">Predict</button>
            </form>
            <p id="prediction"></p>
            <table id="probabilities"></table>
            <script>
            const kind = "{{model.Kind.ToString().ToLowerInvariant()}}";
            document.getElementById("form").addEventListener("submit", async event => {
              event.preventDefault();
              let options;
              if (kind === "image") {
                const data = new FormData();
                data.append("file", document.getElementById("file").files[0]);
                options = { method: "POST", body: data };
              } else if (kind === "tabular") {
                const row = {};
                for (const input of document.querySelectorAll("input.column")) if (input.value !== "") row[input.name] = input.value;
                options = { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(row) };
              } else {
                options = { method: "POST", headers: { "Content-Type": "application/json" },
                  body: JSON.stringify({ text: document.getElementById("text").value }) };
              }
              const response = await fetch("/predict", options);
              const answer = await response.json();
              const shown = document.getElementById("prediction");
              const table = document.getElementById("probabilities");
              table.replaceChildren();
              if (!response.ok) { shown.textContent = "error: " + answer.error; return; }
              shown.textContent = answer.prediction;
              for (const p of answer.probabilities) {
                const tr = table.insertRow();
                tr.insertCell().textContent = p.label;
                tr.insertCell().textContent = (100 * p.probability).toFixed(1) + " %";
              }
            });
            </script>
            </body>
            </html>
            """;
    }
}
