/// The OpenAPI 3.1 document served at `GET /openapi.yaml`: `openapi.yaml` of the repository,
/// embedded at build time by the EmbedFiles plugin (works from any working directory).
enum OpenAPIDocument {
    static let yaml: String = EmbeddedOpenAPI.files.first?.text ?? ""
}
