credcatSearchData("terms/6d65.json", {
  "messy": [
    1,
    1
  ]
}
);
