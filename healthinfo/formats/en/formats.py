# Dates as readers in Europe write them: "23 January 2024".
DATE_FORMAT = "j F Y"
