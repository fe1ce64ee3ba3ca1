using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace EFiling.Functions.Endpoints;

/// <summary>
/// Describes the submit body (the declaration's bytes, application/xml or text/xml) in the OpenAPI document.
/// Done here rather than with Accepts(), which would make routing answer a wrong media type with a bare 415.
/// </summary>
public static class XmlRequestBody
{
    public static Task Describe(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var body = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } };
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Description = "The signed declaration, byte for byte as the accounting software produced it.",
            Content = new Dictionary<string, OpenApiMediaType> { ["application/xml"] = body, ["text/xml"] = body },
        };
        return Task.CompletedTask;
    }
}
