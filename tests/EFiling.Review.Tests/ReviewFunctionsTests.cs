using System.Text.Json.Nodes;
using EFiling.Functions.Tests.Infrastructure;

namespace EFiling.Review.Tests;

/// <summary>The review functions the host knows (functions/Review*/function.json): all of them, each anonymous to the
/// host, since the user is checked by App Service Authentication and the app, never by a function key.</summary>
public sealed class ReviewFunctionsTests
{
    [Fact]
    public void The_review_functions_are_declared_and_anonymous_to_the_host()
    {
        var folders = Directory.GetDirectories(Repo.Path("functions"), "Review*").Order().ToList();
        Assert.Equal(
            ["ReviewDecideFiling", "ReviewGetDocument", "ReviewGetFiling", "ReviewGetNotice", "ReviewGetReceipt", "ReviewListFilings",
             "ReviewMe", "ReviewPages", "ReviewSignIn", "ReviewSignOut"],
            folders.Select(Path.GetFileName));
        foreach (var folder in folders)
        {
            var trigger = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "function.json")))!["bindings"]![0]!;
            Assert.Equal("httpTrigger", (string?)trigger["type"]);
            Assert.Equal("anonymous", (string?)trigger["authLevel"]);
            Assert.StartsWith("review/", (string?)trigger["route"]);
        }
    }
}
