credcatSearchData("terms/7368.json", {
  "short": [
    0,
    4
  ],
  "show": [
    2,
    4
  ]
}
);
