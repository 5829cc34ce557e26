credcatSearchData("terms/6c69.json", {
  "link": [
    1,
    1
  ]
}
);
