import json
import sys
# Read input from stdin
data = json.loads(sys.stdin.read())
# Process data
result = {
    "count": len(data),
    "items": [item.upper() for item in data]
}
# Output as JSON
print(json.dumps(result))
