credcatSearchData("terms/7370.json", {
  "spreadsheets": [
    1,
    5,
    3,
    10
  ]
}
);
