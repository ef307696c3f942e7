-- wrk script: POST /decide with a ~150-byte JSON body
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"request_id":"7f3c2a9e-1b4d-4c8e-9a6f-2d5e8b1c0f34","subject":"user:alice","action":"deploy","resource":"svc/payments","context":{"env":"prod"}}'
