"""marshmallow schemas: what the API accepts (query parameters) and returns; OpenAPI is generated from them."""
