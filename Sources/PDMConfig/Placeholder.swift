// PDMConfig
