credcatSearchData("terms/7072.json", {
  "practice": [
    0,
    10
  ]
}
);
