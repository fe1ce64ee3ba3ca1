using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace EFiling.Functions.Endpoints;

/// <summary>Title, description and the function-key security scheme of the OpenAPI document.</summary>
public sealed class OpenApiDocumentInfo : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "EFiling API",
            Version = "v1",
            Description = "Intake of signed Vietnamese e-tax and social-insurance XML declarations. Refusals are RFC 9457 "
                + "problem+json with an `errors` array (code, message, line, column, path); problem types are "
                + "https://efiling.vn/problems/{name}. Under Azure Functions, calls other than health and this document "
                + "need a function key (x-functions-key header or ?code=).",
        };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes["functionKey"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = "x-functions-key",
            Description = "Azure Functions function key",
        };
        return Task.CompletedTask;
    }
}
