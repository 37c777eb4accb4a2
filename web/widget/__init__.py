"""The widget's side of the server: the WebSocket and its frame handlers, the HTTP fallback, the Origin check, abuse limits at the edge, and the hub that pushes live events to open widgets."""
