credcatSearchData("terms/6f76.json", {
  "overview": [
    1,
    1
  ]
}
);
