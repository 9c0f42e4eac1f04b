// Starts Swagger UI on the OpenAPI document the page names in data-openapi-url. A file of its
// own rather than an inline script: the docs pages' Content-Security-Policy allows no inline
// script. Same options as FastAPI's default page, without the online spec validator.
window.addEventListener("load", function () {
  var root = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: root.dataset.openapiUrl,
    dom_id: "#swagger-ui",
    layout: "BaseLayout",
    deepLinking: true,
    showExtensions: true,
    showCommonExtensions: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],
  });
});
