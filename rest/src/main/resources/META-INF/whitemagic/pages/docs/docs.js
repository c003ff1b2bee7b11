// Swagger UI over this server's own OpenAPI document. The document's server is "/", so "Try it out" calls this
// same origin with the key given under "Authorize"; the key is not persisted across tabs or reloads.
window.addEventListener("DOMContentLoaded", () => {
  window.ui = SwaggerUIBundle({
    url: "/openapi?format=JSON",
    dom_id: "#swagger-ui",
    deepLinking: true,
    persistAuthorization: false,
    tryItOutEnabled: false,
    displayRequestDuration: true,
    defaultModelsExpandDepth: 0,
    // the validator badge would send the document to swagger.io
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout"
  });
});
