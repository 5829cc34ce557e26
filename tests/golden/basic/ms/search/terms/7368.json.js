credcatSearchData("terms/7368.json", {
  "short": [
    0,
    4
  ],
  "show": [
    1,
    4
  ]
}
);
