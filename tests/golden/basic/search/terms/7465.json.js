credcatSearchData("terms/7465.json", {
  "test": [
    3,
    2
  ],
  "text": [
    1,
    1
  ]
}
);
