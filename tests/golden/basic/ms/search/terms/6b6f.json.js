credcatSearchData("terms/6b6f.json", {
  "konsisten": [
    2,
    3
  ]
}
);
