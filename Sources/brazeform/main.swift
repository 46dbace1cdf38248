print("brazeform")
