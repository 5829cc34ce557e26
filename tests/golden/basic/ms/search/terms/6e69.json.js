credcatSearchData("terms/6e69.json", {
  "nilai": [
    2,
    3
  ]
}
);
