credcatSearchData("terms/6372.json", {
  "credentials": [
    0,
    4
  ]
}
);
