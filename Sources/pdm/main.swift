print("pdm")
