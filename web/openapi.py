"""The OpenAPI 3.1 description of the HTTP API, served at ``GET /api/openapi.json`` and checked
against the running server with schemathesis in the tests."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from assistant.protocol import ERROR_CODES, MAX_TEXT_CHARS, PROTOCOL_VERSION

routes = web.RouteTableDef()

_ID = {"type": "string", "pattern": "^[A-Za-z0-9_.:-]{1,64}$"}
_ERROR_RESPONSE = {
    "description": "An error with a stable code and a message in the caller's language",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
}


def _errors(*statuses: int) -> dict[str, Any]:
    return {str(s): _ERROR_RESPONSE for s in statuses}


def spec() -> dict[str, Any]:
    message = {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "direction": {"enum": ["in", "out"]},
            "author": {"type": "string"},
            "text": {"type": "string"},
            "quick_replies": {"type": "array"},
            "cards": {"type": "array"},
            "client_id": {"type": ["string", "null"]},
            "reply_to": {"type": ["string", "null"]},
            "created_at": {"type": "string"},
        },
        "required": ["id", "direction", "author", "text", "created_at"],
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Shop assistant HTTP API",
            "version": f"{PROTOCOL_VERSION}",
            "description": "The widget protocol over HTTP, health and metrics. The WebSocket "
            "protocol (GET /ws) is described in the README.",
        },
        "paths": {
            "/api/v1/messages": {
                "post": {
                    "summary": "Send one shopper message; get its acknowledgement and reply",
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/MessageRequest"}
                            }
                        },
                    },
                    "responses": {
                        "200": {
                            "description": "Stored (or found again, for a resend) and answered",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Result"}
                                }
                            },
                        },
                        **_errors(400, 403, 404, 413, 429, 503),
                    },
                }
            },
            "/api/v1/history": {
                "get": {
                    "summary": "Messages of the visitor's open conversation (after a message id)",
                    "parameters": [
                        {"name": "shop", "in": "query", "required": True, "schema": _ID},
                        {"name": "visitor", "in": "query", "schema": _ID},
                        {"name": "conversation", "in": "query", "schema": _ID},
                        {
                            "name": "after",
                            "in": "query",
                            "schema": {"type": "integer", "minimum": 0},
                        },
                    ],
                    "responses": {
                        "200": {
                            "description": "The messages, oldest first",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/History"}
                                }
                            },
                        },
                        **_errors(400, 403, 404, 429, 503),
                    },
                }
            },
            "/api/v1/embed": {
                "get": {
                    "summary": "May the calling page's origin embed the shop's widget?",
                    "parameters": [
                        {"name": "shop", "in": "query", "required": True, "schema": _ID},
                        {"name": "locale", "in": "query", "schema": {"type": "string"}},
                    ],
                    "responses": {
                        "200": {
                            "description": "Allowed",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "required": ["ok"],
                                        "properties": {"ok": {"type": "boolean"}},
                                    }
                                }
                            },
                        },
                        **_errors(403, 404),
                    },
                }
            },
            "/healthz": {
                "get": {
                    "summary": "Does the database answer (and Redis, when configured)?",
                    "responses": {
                        "200": {
                            "description": "Healthy",
                            "content": {"application/json": {"schema": {"type": "object"}}},
                        },
                        "503": {
                            "description": "Database unreachable",
                            "content": {"application/json": {"schema": {"type": "object"}}},
                        },
                    },
                }
            },
            "/metrics": {
                "get": {
                    "summary": "Prometheus metrics",
                    "responses": {
                        "200": {
                            "description": "Text exposition format",
                            "content": {"text/plain": {"schema": {"type": "string"}}},
                        }
                    },
                }
            },
        },
        "components": {
            "schemas": {
                "MessageRequest": {
                    "type": "object",
                    "properties": {
                        "v": {"const": PROTOCOL_VERSION},
                        "shop": _ID,
                        "visitor": _ID,
                        "locale": {"type": "string", "maxLength": 35},
                        "conversation": _ID,
                        "page": {"type": "string"},
                        "client_id": _ID,
                        "text": {"type": "string", "minLength": 1, "maxLength": MAX_TEXT_CHARS},
                        "payload": {"type": "object"},
                    },
                    "required": ["shop", "client_id", "text"],
                },
                "Result": {
                    "type": "object",
                    "properties": {
                        "type": {"const": "result"},
                        "v": {"const": PROTOCOL_VERSION},
                        "visitor": {"type": "string"},
                        "conversation": {"type": "string"},
                        "ack": {"type": "object", "properties": {"client_id": {"type": "string"}}},
                        "reply": {
                            "oneOf": [{"$ref": "#/components/schemas/Message"}, {"type": "null"}]
                        },
                    },
                    "required": ["type", "visitor", "conversation", "ack"],
                },
                "History": {
                    "type": "object",
                    "properties": {
                        "type": {"const": "history"},
                        "visitor": {"type": "string"},
                        "conversation": {"type": ["string", "null"]},
                        "messages": {
                            "type": "array",
                            "items": {"$ref": "#/components/schemas/Message"},
                        },
                    },
                    "required": ["type", "visitor", "messages"],
                },
                "Message": message,
                "Error": {
                    "type": "object",
                    "properties": {
                        "type": {"const": "error"},
                        "code": {"type": "string", "examples": list(ERROR_CODES)},
                        "message": {"type": "string"},
                    },
                    "required": ["type", "code", "message"],
                },
            }
        },
    }


@routes.get("/api/openapi.json")
async def openapi(request: web.Request) -> web.Response:
    return web.json_response(spec())
