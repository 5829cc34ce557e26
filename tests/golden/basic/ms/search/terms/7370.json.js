credcatSearchData("terms/7370.json", {
  "spreadsheets": [
    2,
    5,
    3,
    10
  ]
}
);
