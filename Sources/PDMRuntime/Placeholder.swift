// PDMRuntime
