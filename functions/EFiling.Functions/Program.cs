// EFiling's function app. Under the Functions host (FUNCTIONS_CUSTOMHANDLER_PORT set) it is the custom
// handler; otherwise it runs standalone on http://localhost:7071 with its own queue listener.
EFiling.Functions.FunctionsApp.Build(args).Run();
