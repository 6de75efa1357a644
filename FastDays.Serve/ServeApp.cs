using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;

namespace FastDays.Serve;

/// <summary>The web application around a ServedModel: a page at / for people, POST /predict for programs, GET /model and /health; bad requests get
/// a 4xx and a message, and the server keeps serving.</summary>
public static class ServeApp
{
    /// <summary>The largest request body accepted unless max-body-mb says otherwise (10 MiB).</summary>
    public const int DefaultMaxBodyMb = 10;

    /// <summary>Builds the application: args are the export (first, or --export), --onnx FILE to run an image classifier in ONNX Runtime, and
    /// ASP.NET Core's own options (--urls, --max-body-mb).</summary>
    public static WebApplication Build(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args.Length > 0 && !args[0].StartsWith('-') ? args[1..] : args });
        if (args.Length > 0 && !args[0].StartsWith('-')) builder.Configuration["export"] = args[0];
        // Read from the configuration when it is complete (a test host adds its settings at the build).
        builder.WebHost.ConfigureKestrel((context, kestrel) => kestrel.Limits.MaxRequestBodySize = MaxBody(context.Configuration));
        builder.Services.AddOptions<FormOptions>().Configure<IConfiguration>((form, configuration) => form.MultipartBodyLengthLimit = MaxBody(configuration));
        builder.Services.AddSingleton(services =>
        {
            var configuration = services.GetRequiredService<IConfiguration>();
            var export = configuration["export"] ?? throw new ArgumentException("no export to serve: FastDays.Serve EXPORT [--urls http://127.0.0.1:5000]");
            return ServedModel.Load(export, configuration["onnx"]);
        });
        var app = builder.Build();
        var model = app.Services.GetRequiredService<ServedModel>();   // loaded before the first request: a bad export stops the start
        var maxBody = MaxBody(app.Configuration);
        app.MapGet("/", () => Results.Content(ServePage.Html(model), "text/html; charset=utf-8"));
        app.MapGet("/health", () => Results.Text("ok"));
        app.MapGet("/model", () => Results.Json(new
        {
            kind = model.Kind.ToString().ToLowerInvariant(), classes = model.Classes, columns = model.Columns,
            engine = model.RunsOnnx ? "onnxruntime" : "libtorch",
        }));
        app.MapPost("/predict", (HttpRequest request) => Predict(model, request, maxBody));
        return app;
    }

    private static long MaxBody(IConfiguration configuration) =>
        configuration.GetValue("max-body-mb", DefaultMaxBodyMb) is var mb and > 0 and <= 4096 ? (long)mb << 20
            : throw new ArgumentException($"max-body-mb must be 1 to 4096, not {configuration["max-body-mb"]}");

    private static async Task<IResult> Predict(ServedModel model, HttpRequest request, long maxBody)
    {
        try
        {
            if (request.ContentLength > maxBody)
                return Error(StatusCodes.Status413PayloadTooLarge, $"the body is {request.ContentLength:N0} bytes; the limit is {maxBody:N0}");
            return model.Kind switch
            {
                ServedKind.Image => await PredictImage(model, request),
                ServedKind.Tabular => Results.Json(model.PredictRow(await ReadRow(request))),
                _ => Results.Json(model.PredictText(await ReadText(request))),
            };
        }
        catch (BadHttpRequestException e) { return Error(e.StatusCode, e.Message); }
        catch (InvalidDataException e) when (e.Message.Contains("body length limit", StringComparison.OrdinalIgnoreCase))
        {
            return Error(StatusCodes.Status413PayloadTooLarge, $"the upload is larger than the limit of {maxBody:N0} bytes");
        }
        catch (Exception e) when (e is ArgumentException or FormatException or JsonException or InvalidDataException or KeyNotFoundException)
        {
            return Error(StatusCodes.Status400BadRequest, e.Message);
        }
    }

    private static async Task<IResult> PredictImage(ServedModel model, HttpRequest request)
    {
        if (!request.HasFormContentType)
            return Error(StatusCodes.Status415UnsupportedMediaType, "send the image as multipart/form-data in a field named 'file'");
        var form = await request.ReadFormAsync();
        if (form.Files.GetFile("file") is not { } file) return Error(StatusCodes.Status400BadRequest, "no field named 'file' in the form");
        if (file.Length == 0) return Error(StatusCodes.Status400BadRequest, "the file is empty");
        var temp = Path.GetTempFileName();
        try
        {
            await using (var stream = File.Create(temp)) await file.CopyToAsync(stream);
            try { return Results.Json(await Task.Run(() => model.PredictImage(temp))); }
            catch (InvalidDataException e)
            {
                return Error(StatusCodes.Status415UnsupportedMediaType, $"'{Formats.Clip(file.FileName)}': " + e.Message.Replace(temp, "the upload",
                    StringComparison.Ordinal));
            }
        }
        finally { File.Delete(temp); }
    }

    // A JSON object of column → value; numbers and booleans are read as their text, null as missing.
    private static async Task<Dictionary<string, string?>> ReadRow(HttpRequest request)
    {
        var json = await JsonSerializer.DeserializeAsync<Dictionary<string, JsonElement>>(request.Body)
            ?? throw new ArgumentException("send the row as a JSON object of column → value");
        return json.ToDictionary(p => p.Key, p => p.Value.ValueKind switch
        {
            JsonValueKind.String => p.Value.GetString(),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => p.Value.GetRawText(),
            JsonValueKind.Null => null,
            _ => throw new ArgumentException($"column '{Formats.Clip(p.Key)}': a value must be a string, a number, true, false or null"),
        }, StringComparer.Ordinal);
    }

    private static async Task<string> ReadText(HttpRequest request)
    {
        var json = await JsonSerializer.DeserializeAsync<Dictionary<string, JsonElement>>(request.Body);
        return json is not null && json.TryGetValue("text", out var text) && text.ValueKind == JsonValueKind.String ? text.GetString()!
            : throw new ArgumentException("send the text as JSON: {\"text\": \"...\"}");
    }

    private static IResult Error(int status, string message) => Results.Json(new { error = message }, statusCode: status);
}
