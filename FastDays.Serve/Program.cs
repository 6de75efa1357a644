using FastDays.Serve;

// `FastDays.Serve EXPORT [--urls http://127.0.0.1:PORT] [--max-body-mb 10]`: serves an export's predictions to a browser page and to programs
// (POST /predict).
var app = ServeApp.Build(args);
app.Run();
