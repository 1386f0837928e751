/// The OpenAPI 3.1 document of the HTTP API, served at `/openapi.json`.
enum OpenAPIDocument {
    static let json = #"""
{
  "openapi": "3.1.0",
  "info": {
    "title": "pdm",
    "version": "1",
    "description": "Alarms, their journals and operator commands of a running pdm. With no token configured the API is read-only and its reads are open; with http.tokens, every read needs a bearer token too, and each command the role it requires (viewer reads; operator acknowledges, shelves, unshelves, comments, confirms; admin also resets). Commands are journaled with the token's user. Malformed requests get 400, a request head not sent within http.idle_timeout 408, a body over http.max_body_bytes 413, a head over http.max_header_bytes 431."
  },
  "paths": {
    "/healthz": {
      "get": {
        "summary": "The process answers",
        "responses": {
          "200": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "properties": {
                    "status": {
                      "type": "string"
                    }
                  },
                  "required": [
                    "status"
                  ]
                }
              }
            }
          }
        }
      }
    },
    "/readyz": {
      "get": {
        "summary": "Broker connected and database writable",
        "responses": {
          "200": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Readiness"
                }
              }
            }
          },
          "503": {
            "description": "not ready",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Readiness"
                }
              }
            }
          }
        }
      }
    },
    "/metrics": {
      "get": {
        "summary": "Prometheus text exposition",
        "responses": {
          "200": {
            "description": "OK",
            "content": {
              "text/plain": {
                "schema": {
                  "type": "string"
                }
              }
            }
          }
        }
      }
    },
    "/openapi.json": {
      "get": {
        "summary": "This document",
        "responses": {
          "200": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object"
                }
              }
            }
          }
        }
      }
    },
    "/api/v1/alarms": {
      "get": {
        "summary": "Alarms, most urgent first",
        "parameters": [
          {
            "name": "state",
            "in": "query",
            "schema": {
              "type": "array",
              "items": {
                "enum": [
                  "normal",
                  "active_unacknowledged",
                  "active_acknowledged",
                  "returned_unacknowledged",
                  "latched",
                  "shelved",
                  "suppressed",
                  "out_of_service"
                ]
              }
            },
            "style": "form",
            "explode": true
          },
          {
            "name": "priority",
            "in": "query",
            "description": "lowest priority",
            "schema": {
              "type": "string"
            }
          },
          {
            "name": "asset",
            "in": "query",
            "description": "asset name or glob",
            "schema": {
              "type": "string"
            }
          },
          {
            "name": "limit",
            "in": "query",
            "schema": {
              "type": "integer",
              "minimum": 1,
              "maximum": 1000,
              "default": 100
            }
          },
          {
            "name": "offset",
            "in": "query",
            "schema": {
              "type": "integer",
              "minimum": 0,
              "default": 0
            }
          },
          {
            "name": "all",
            "in": "query",
            "description": "include alarms in the normal state",
            "schema": {
              "type": "boolean"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/AlarmPage"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Failure"
          },
          "401": {
            "description": "http.tokens is configured and the request has no known token"
          }
        },
        "security": [
          {},
          {
            "bearer": []
          }
        ]
      }
    },
    "/api/v1/alarms/{asset}/{rule}": {
      "get": {
        "summary": "One alarm with its journal, notifications and tickets",
        "parameters": [
          {
            "$ref": "#/components/parameters/Asset"
          },
          {
            "$ref": "#/components/parameters/Rule"
          }
        ],
        "responses": {
          "200": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/AlarmDetail"
                }
              }
            }
          },
          "404": {
            "$ref": "#/components/responses/Failure"
          },
          "401": {
            "description": "http.tokens is configured and the request has no known token"
          }
        },
        "security": [
          {},
          {
            "bearer": []
          }
        ]
      }
    },
    "/api/v1/alarms/{asset}/{rule}/ack": {
      "post": {
        "summary": "Acknowledge",
        "security": [
          {
            "bearer": []
          }
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/Asset"
          },
          {
            "$ref": "#/components/parameters/Rule"
          }
        ],
        "responses": {
          "200": {
            "$ref": "#/components/responses/Applied"
          },
          "202": {
            "$ref": "#/components/responses/Queued"
          },
          "400": {
            "$ref": "#/components/responses/Failure"
          },
          "401": {
            "$ref": "#/components/responses/Failure"
          },
          "409": {
            "$ref": "#/components/responses/Refused"
          },
          "403": {
            "description": "The token's role does not allow this command"
          }
        },
        "requestBody": {
          "$ref": "#/components/requestBodies/CommentBody"
        }
      }
    },
    "/api/v1/alarms/{asset}/{rule}/acknowledge": {
      "post": {
        "summary": "Acknowledge",
        "security": [
          {
            "bearer": []
          }
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/Asset"
          },
          {
            "$ref": "#/components/parameters/Rule"
          }
        ],
        "responses": {
          "200": {
            "$ref": "#/components/responses/Applied"
          },
          "202": {
            "$ref": "#/components/responses/Queued"
          },
          "400": {
            "$ref": "#/components/responses/Failure"
          },
          "401": {
            "$ref": "#/components/responses/Failure"
          },
          "409": {
            "$ref": "#/components/responses/Refused"
          },
          "403": {
            "description": "The token's role does not allow this command"
          }
        },
        "requestBody": {
          "$ref": "#/components/requestBodies/CommentBody"
        }
      }
    },
    "/api/v1/alarms/{asset}/{rule}/shelve": {
      "post": {
        "summary": "Shelve for a duration, until a time, or until the condition clears",
        "security": [
          {
            "bearer": []
          }
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/Asset"
          },
          {
            "$ref": "#/components/parameters/Rule"
          }
        ],
        "responses": {
          "200": {
            "$ref": "#/components/responses/Applied"
          },
          "202": {
            "$ref": "#/components/responses/Queued"
          },
          "400": {
            "$ref": "#/components/responses/Failure"
          },
          "401": {
            "$ref": "#/components/responses/Failure"
          },
          "409": {
            "$ref": "#/components/responses/Refused"
          },
          "403": {
            "description": "The token's role does not allow this command"
          }
        },
        "requestBody": {
          "$ref": "#/components/requestBodies/ShelveBody"
        }
      }
    },
    "/api/v1/alarms/{asset}/{rule}/unshelve": {
      "post": {
        "summary": "Unshelve",
        "security": [
          {
            "bearer": []
          }
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/Asset"
          },
          {
            "$ref": "#/components/parameters/Rule"
          }
        ],
        "responses": {
          "200": {
            "$ref": "#/components/responses/Applied"
          },
          "202": {
            "$ref": "#/components/responses/Queued"
          },
          "400": {
            "$ref": "#/components/responses/Failure"
          },
          "401": {
            "$ref": "#/components/responses/Failure"
          },
          "409": {
            "$ref": "#/components/responses/Refused"
          },
          "403": {
            "description": "The token's role does not allow this command"
          }
        },
        "requestBody": {
          "$ref": "#/components/requestBodies/CommentBody"
        }
      }
    },
    "/api/v1/alarms/{asset}/{rule}/reset": {
      "post": {
        "summary": "Reset a latched alarm",
        "security": [
          {
            "bearer": []
          }
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/Asset"
          },
          {
            "$ref": "#/components/parameters/Rule"
          }
        ],
        "responses": {
          "200": {
            "$ref": "#/components/responses/Applied"
          },
          "202": {
            "$ref": "#/components/responses/Queued"
          },
          "400": {
            "$ref": "#/components/responses/Failure"
          },
          "401": {
            "$ref": "#/components/responses/Failure"
          },
          "409": {
            "$ref": "#/components/responses/Refused"
          },
          "403": {
            "description": "The token's role does not allow this command"
          }
        },
        "requestBody": {
          "$ref": "#/components/requestBodies/CommentBody"
        }
      }
    },
    "/api/v1/alarms/{asset}/{rule}/comment": {
      "post": {
        "summary": "Comment in the journal",
        "security": [
          {
            "bearer": []
          }
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/Asset"
          },
          {
            "$ref": "#/components/parameters/Rule"
          }
        ],
        "responses": {
          "200": {
            "$ref": "#/components/responses/Applied"
          },
          "202": {
            "$ref": "#/components/responses/Queued"
          },
          "400": {
            "$ref": "#/components/responses/Failure"
          },
          "401": {
            "$ref": "#/components/responses/Failure"
          },
          "409": {
            "$ref": "#/components/responses/Refused"
          },
          "403": {
            "description": "The token's role does not allow this command"
          }
        },
        "requestBody": {
          "$ref": "#/components/requestBodies/CommentBody"
        }
      }
    },
    "/api/v1/alarms/{asset}/{rule}/confirm": {
      "post": {
        "summary": "Confirm the remote actions waiting for the alarm",
        "security": [
          {
            "bearer": []
          }
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/Asset"
          },
          {
            "$ref": "#/components/parameters/Rule"
          }
        ],
        "responses": {
          "200": {
            "$ref": "#/components/responses/Applied"
          },
          "202": {
            "$ref": "#/components/responses/Queued"
          },
          "400": {
            "$ref": "#/components/responses/Failure"
          },
          "401": {
            "$ref": "#/components/responses/Failure"
          },
          "409": {
            "$ref": "#/components/responses/Refused"
          },
          "403": {
            "description": "The token's role does not allow this command"
          }
        },
        "requestBody": {
          "$ref": "#/components/requestBodies/ConfirmBody"
        }
      }
    },
    "/api/v1/notifications": {
      "get": {
        "summary": "Notifications waiting, or the dead letters",
        "parameters": [
          {
            "name": "dead",
            "in": "query",
            "schema": {
              "type": "boolean"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "type": "array",
                  "items": {
                    "$ref": "#/components/schemas/Notification"
                  }
                }
              }
            }
          },
          "401": {
            "description": "http.tokens is configured and the request has no known token"
          }
        },
        "security": [
          {},
          {
            "bearer": []
          }
        ]
      }
    },
    "/api/v1/assets": {
      "get": {
        "summary": "Every asset with its latest RUL estimate, the latest summarised bucket of each channel and its annunciated alarm count",
        "responses": {
          "200": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "type": "array",
                  "items": {
                    "$ref": "#/components/schemas/Asset"
                  }
                }
              }
            }
          },
          "401": {
            "description": "http.tokens is configured and the request has no known token"
          }
        },
        "security": [
          {},
          {
            "bearer": []
          }
        ]
      }
    },
    "/api/v1/assets/{asset}": {
      "get": {
        "summary": "One asset: its recent RUL estimates (for trend charts), latest indicators and alarms",
        "parameters": [
          {
            "$ref": "#/components/parameters/Asset"
          }
        ],
        "responses": {
          "200": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/AssetDetail"
                }
              }
            }
          },
          "404": {
            "$ref": "#/components/responses/Failure"
          },
          "401": {
            "description": "http.tokens is configured and the request has no known token"
          }
        },
        "security": [
          {},
          {
            "bearer": []
          }
        ]
      }
    },
    "/api/v1/kpis": {
      "get": {
        "summary": "Alarm-system figures over the last hours: rates per area, floods, bad actors, priority shares, stale alarms",
        "parameters": [
          {
            "name": "hours",
            "in": "query",
            "schema": {
              "type": "number",
              "exclusiveMinimum": 0,
              "maximum": 8784,
              "default": 24
            }
          }
        ],
        "responses": {
          "200": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/KPIs"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Failure"
          },
          "401": {
            "description": "http.tokens is configured and the request has no known token"
          }
        },
        "security": [
          {},
          {
            "bearer": []
          }
        ]
      }
    },
    "/api/v1/live": {
      "get": {
        "summary": "WebSocket of live updates: text messages {\"type\":\"alarm\",\"event\":<alarm event>} and {\"type\":\"rul\",\"estimate\":<RUL estimate>}",
        "responses": {
          "101": {
            "description": "Switching Protocols to WebSocket"
          },
          "401": {
            "description": "http.tokens is configured and the request has no known token"
          }
        },
        "security": [
          {},
          {
            "bearer": []
          }
        ],
        "parameters": [
          {
            "name": "access_token",
            "in": "query",
            "required": false,
            "description": "The bearer token, for browsers, which cannot give a WebSocket an Authorization header. Pages from another origin are refused.",
            "schema": {
              "type": "string"
            }
          }
        ]
      }
    }
  },
  "components": {
    "securitySchemes": {
      "bearer": {
        "type": "http",
        "scheme": "bearer"
      }
    },
    "parameters": {
      "Asset": {
        "name": "asset",
        "in": "path",
        "required": true,
        "schema": {
          "type": "string"
        }
      },
      "Rule": {
        "name": "rule",
        "in": "path",
        "required": true,
        "schema": {
          "type": "string"
        }
      }
    },
    "responses": {
      "Failure": {
        "description": "error",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            }
          }
        }
      },
      "Applied": {
        "description": "applied",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/CommandOutcome"
            }
          }
        }
      },
      "Queued": {
        "description": "queued, not yet taken",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/CommandOutcome"
            }
          }
        }
      },
      "Refused": {
        "description": "refused by the alarm engine",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/CommandOutcome"
            }
          }
        }
      }
    },
    "requestBodies": {
      "CommentBody": {
        "required": false,
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/CommentBody"
            }
          }
        }
      },
      "ShelveBody": {
        "required": false,
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/ShelveBody"
            }
          }
        }
      },
      "ConfirmBody": {
        "required": false,
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/ConfirmBody"
            }
          }
        }
      }
    },
    "schemas": {
      "Error": {
        "type": "object",
        "properties": {
          "error": {
            "type": "object",
            "properties": {
              "message": {
                "type": "string"
              }
            }
          }
        }
      },
      "Readiness": {
        "type": "object",
        "properties": {
          "ready": {
            "type": "boolean"
          },
          "broker_connected": {
            "type": "boolean"
          },
          "database_writable": {
            "type": "boolean"
          },
          "heartbeat_age": {
            "type": "number"
          }
        },
        "required": [
          "ready",
          "broker_connected",
          "database_writable"
        ]
      },
      "Alarm": {
        "type": "object",
        "properties": {
          "asset": {
            "type": "string"
          },
          "rule": {
            "type": "string"
          },
          "state": {
            "enum": [
              "normal",
              "active_unacknowledged",
              "active_acknowledged",
              "returned_unacknowledged",
              "latched",
              "shelved",
              "suppressed",
              "out_of_service"
            ]
          },
          "priority": {
            "type": "string"
          },
          "priority_rank": {
            "type": "integer"
          },
          "occurrence": {
            "type": "integer"
          },
          "condition_active": {
            "type": "boolean"
          },
          "acknowledged": {
            "type": "boolean"
          },
          "value": {
            "type": "number"
          },
          "message": {
            "type": "string"
          },
          "area": {
            "type": "string"
          },
          "raised_at": {
            "type": "number"
          },
          "changed_at": {
            "type": "number"
          },
          "shelved_until": {
            "type": "number"
          },
          "shelved_by": {
            "type": "string"
          },
          "channel": {
            "type": "string",
            "description": "The channel the rule watches; absent for remaining-life rules."
          },
          "unit": {
            "type": "string",
            "description": "The unit of `value`: the channel's, or that of the asset's remaining-life estimates."
          }
        },
        "required": [
          "asset",
          "rule",
          "state",
          "priority",
          "priority_rank",
          "occurrence",
          "condition_active",
          "acknowledged",
          "message",
          "area",
          "raised_at",
          "changed_at"
        ]
      },
      "AlarmPage": {
        "type": "object",
        "properties": {
          "alarms": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Alarm"
            }
          },
          "limit": {
            "type": "integer"
          },
          "offset": {
            "type": "integer"
          }
        },
        "required": [
          "alarms",
          "limit",
          "offset"
        ]
      },
      "JournalEntry": {
        "type": "object",
        "properties": {
          "time": {
            "type": "number"
          },
          "occurrence": {
            "type": "integer"
          },
          "from": {
            "enum": [
              "normal",
              "active_unacknowledged",
              "active_acknowledged",
              "returned_unacknowledged",
              "latched",
              "shelved",
              "suppressed",
              "out_of_service"
            ]
          },
          "to": {
            "enum": [
              "normal",
              "active_unacknowledged",
              "active_acknowledged",
              "returned_unacknowledged",
              "latched",
              "shelved",
              "suppressed",
              "out_of_service"
            ]
          },
          "cause": {
            "type": "string"
          },
          "user": {
            "type": "string"
          },
          "comment": {
            "type": "string"
          },
          "priority": {
            "type": "string"
          },
          "value": {
            "type": "number"
          }
        },
        "required": [
          "time",
          "occurrence",
          "from",
          "to",
          "cause",
          "priority"
        ]
      },
      "Notification": {
        "type": "object",
        "properties": {
          "id": {
            "type": "integer"
          },
          "idempotency_key": {
            "type": "string"
          },
          "receiver": {
            "type": "string"
          },
          "kind": {
            "type": "string"
          },
          "status": {
            "enum": [
              "pending",
              "retrying",
              "awaiting_confirmation",
              "delivered",
              "dead"
            ]
          },
          "attempts": {
            "type": "integer"
          },
          "last_error": {
            "type": "string"
          },
          "confirmed_by": {
            "type": "string"
          }
        },
        "required": [
          "id",
          "idempotency_key",
          "receiver",
          "kind",
          "status",
          "attempts"
        ]
      },
      "AlarmDetail": {
        "type": "object",
        "properties": {
          "alarm": {
            "$ref": "#/components/schemas/Alarm"
          },
          "journal": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/JournalEntry"
            }
          },
          "notifications": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Notification"
            }
          },
          "tickets": {
            "type": "object",
            "additionalProperties": {
              "type": "object",
              "additionalProperties": {
                "type": "string"
              }
            }
          }
        },
        "required": [
          "alarm",
          "journal",
          "notifications",
          "tickets"
        ]
      },
      "CommentBody": {
        "type": "object",
        "properties": {
          "comment": {
            "type": "string"
          }
        }
      },
      "ShelveBody": {
        "type": "object",
        "properties": {
          "reason": {
            "type": "string"
          },
          "duration": {
            "type": "string",
            "examples": [
              "30m",
              "2h"
            ]
          },
          "until": {
            "type": "number"
          }
        },
        "required": [
          "reason"
        ]
      },
      "ConfirmBody": {
        "type": "object",
        "properties": {
          "receiver": {
            "type": "string"
          },
          "comment": {
            "type": "string"
          }
        }
      },
      "CommandOutcome": {
        "type": "object",
        "properties": {
          "status": {
            "enum": [
              "applied",
              "refused",
              "queued",
              "confirmed"
            ]
          },
          "result": {
            "type": "string"
          },
          "command_id": {
            "type": "integer"
          }
        },
        "required": [
          "status",
          "result"
        ]
      },
      "Estimate": {
        "type": "object",
        "properties": {
          "time": {
            "type": "number"
          },
          "rul": {
            "type": "number"
          },
          "lower": {
            "type": "number"
          },
          "upper": {
            "type": "number"
          },
          "hi": {
            "type": "number"
          },
          "unit": {
            "type": "string"
          },
          "threshold": {
            "type": "number",
            "description": "The health indicator's failure threshold."
          },
          "beyond_horizon": {
            "type": "boolean",
            "description": "No degradation seen yet: the life is at least the model's horizon."
          }
        },
        "required": [
          "time",
          "rul",
          "lower",
          "upper",
          "hi",
          "unit"
        ]
      },
      "Indicator": {
        "type": "object",
        "description": "The latest streaming features of one channel, measured or derived from waveform blocks (`accel.kurtosis`, `accel.bpfo_snr`, `accel.diagnosis`, ...).",
        "properties": {
          "channel": {
            "type": "string"
          },
          "time": {
            "type": "number"
          },
          "value": {
            "type": "number"
          },
          "count": {
            "type": "integer",
            "description": "Readings in the rolling window."
          },
          "mean": {
            "type": "number"
          },
          "standard_deviation": {
            "type": "number"
          },
          "minimum": {
            "type": "number"
          },
          "maximum": {
            "type": "number"
          },
          "slope": {
            "type": "number",
            "description": "Least-squares slope over the window, per second; absent until the window is full."
          },
          "rate_of_change": {
            "type": "number",
            "description": "(newest - oldest) / span over the window, per second; absent until the window is full."
          },
          "anomaly": {
            "type": "object",
            "description": "Against the healthy baseline; absent while it is being learned. 1 is anomalous at statistics.false_alarm_run_length.",
            "properties": {
              "z_score": {
                "type": "number"
              },
              "cusum": {
                "type": "number"
              },
              "page_hinkley": {
                "type": "number"
              },
              "upward": {
                "type": "number"
              },
              "downward": {
                "type": "number"
              },
              "score": {
                "type": "number"
              }
            }
          },
          "fault": {
            "type": "string",
            "enum": [
              "healthy",
              "outer_race",
              "inner_race",
              "ball",
              "cage"
            ],
            "description": "On a `<channel>.diagnosis` channel: the bearing diagnosis its value codes (0 healthy, 1 outer race, 2 inner race, 3 ball, 4 cage)."
          },
          "unit": {
            "type": "string",
            "description": "The unit of the channel's values, when pdm knows it from the channel's name."
          },
          "baseline_remaining": {
            "type": "integer",
            "description": "Readings still to come before the healthy baseline is learned (anomaly scores start then); 0 once it is."
          }
        },
        "required": [
          "channel",
          "time",
          "value",
          "count",
          "mean",
          "standard_deviation",
          "minimum",
          "maximum"
        ]
      },
      "Asset": {
        "type": "object",
        "properties": {
          "asset": {
            "type": "string"
          },
          "rul": {
            "$ref": "#/components/schemas/Estimate"
          },
          "indicators": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Indicator"
            }
          },
          "active_alarms": {
            "type": "integer",
            "description": "Annunciated alarms (not normal)."
          },
          "area": {
            "type": "string"
          },
          "asset_class": {
            "type": "string"
          },
          "alarms_by_priority": {
            "type": "object",
            "additionalProperties": {
              "type": "integer"
            },
            "description": "Annunciated alarms by priority name."
          },
          "priority_rank": {
            "type": "integer",
            "description": "Rank of the most urgent annunciated alarm; 0 with none."
          },
          "tickets": {
            "type": "array",
            "description": "Tickets or work orders receivers opened for the annunciated alarms: the fields captured from their answers.",
            "items": {
              "type": "object",
              "properties": {
                "rule": {
                  "type": "string"
                },
                "receiver": {
                  "type": "string"
                },
                "fields": {
                  "type": "object",
                  "additionalProperties": {
                    "type": "string"
                  }
                },
                "url": {
                  "type": "string",
                  "description": "Where to open the ticket: the receiver's ticket_url with its captured fields."
                }
              }
            }
          }
        },
        "required": [
          "asset",
          "area",
          "indicators",
          "active_alarms",
          "alarms_by_priority",
          "priority_rank",
          "tickets"
        ]
      },
      "AssetDetail": {
        "type": "object",
        "properties": {
          "asset": {
            "type": "string"
          },
          "area": {
            "type": "string"
          },
          "asset_class": {
            "type": "string"
          },
          "estimates": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Estimate"
            }
          },
          "indicators": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Indicator"
            }
          },
          "alarms": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Alarm"
            }
          }
        },
        "required": [
          "asset",
          "estimates",
          "indicators",
          "alarms"
        ]
      },
      "KPIs": {
        "type": "object",
        "properties": {
          "start": {
            "type": "number"
          },
          "end": {
            "type": "number"
          },
          "activations": {
            "type": "integer"
          },
          "areas": {
            "type": "array",
            "items": {
              "type": "object",
              "properties": {
                "area": {
                  "type": "string"
                },
                "average_per_10_minutes": {
                  "type": "number"
                },
                "peak_per_10_minutes": {
                  "type": "integer"
                },
                "seconds_in_flood": {
                  "type": "number"
                },
                "periods_in_flood": {
                  "type": "number",
                  "description": "Share (0–1) of the period's 10-minute slots with more than 10 activations."
                }
              }
            }
          },
          "bad_actors": {
            "type": "array",
            "items": {
              "type": "object",
              "properties": {
                "asset": {
                  "type": "string"
                },
                "rule": {
                  "type": "string"
                },
                "activations": {
                  "type": "integer"
                },
                "share": {
                  "type": "number"
                }
              }
            }
          },
          "priorities": {
            "type": "array",
            "items": {
              "type": "object",
              "properties": {
                "priority": {
                  "type": "string"
                },
                "count": {
                  "type": "integer"
                },
                "share": {
                  "type": "number"
                },
                "target": {
                  "type": "number"
                }
              }
            }
          },
          "stale_after": {
            "type": "number"
          },
          "stale": {
            "type": "array",
            "items": {
              "type": "object",
              "properties": {
                "asset": {
                  "type": "string"
                },
                "rule": {
                  "type": "string"
                }
              }
            }
          },
          "chattering": {
            "type": "array",
            "description": "Alarms shelved for chattering in the period.",
            "items": {
              "type": "object",
              "properties": {
                "asset": {
                  "type": "string"
                },
                "rule": {
                  "type": "string"
                }
              }
            }
          }
        },
        "required": [
          "start",
          "end",
          "activations",
          "areas",
          "bad_actors",
          "priorities",
          "stale_after",
          "stale"
        ]
      }
    }
  }
}
"""#
}
